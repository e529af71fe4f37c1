/** Notify steps reach the project's Slack webhook (a real HTTP server on 127.0.0.1 standing in for Slack). */
import { assertEquals } from "./_assert.ts";
import { makeProject, runWorkflow } from "./_helpers.ts";
import { openNotifyDelivery } from "../../core/workflow/notify_delivery.ts";

Deno.test("a notify step is posted to the configured Slack webhook, masked, and channels limit it", async () => {
  const bodies: unknown[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    bodies.push(await req.json());
    return new Response("ok");
  });
  const dir = await makeProject({
    ".flux/config.yaml":
      `notify:\n  terminal: false\n  slack:\n    webhook_url: "http://127.0.0.1:${server.addr.port}/hook"\n`,
    ".flux/secrets": "TOKEN=hunter2-secret\n",
  });
  const delivery = openNotifyDelivery(dir, { flushMs: 5000 });
  try {
    const { result } = await runWorkflow(dir, {
      name: "ship",
      steps: [
        {
          name: "tell",
          step_type: "notify",
          params: { message: "✅ Deployed with hunter2-secret", level: "success" },
        },
        {
          name: "quiet",
          step_type: "notify",
          params: { message: "only here", channels: ["discord"] },
        },
      ],
    }, { onNotify: (n) => delivery.deliver(n) });
    assertEquals(result.success, true);
    await delivery.close();
    assertEquals(bodies, [{ text: "[ship] ✅ Deployed with [REDACTED]" }]);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
