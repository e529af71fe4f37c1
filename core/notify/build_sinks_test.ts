import assert from "node:assert/strict";
import { buildSinks } from "./build_sinks.ts";

Deno.test("buildSinks() makes the configured sinks and says when notify-send is missing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_sinks_" });
  const path = Deno.env.get("PATH") ?? "";
  const errors: string[] = [];
  try {
    Deno.env.set("PATH", dir); // no notify-send in an empty folder
    const sinks = await buildSinks(dir, {
      terminal: true,
      desktop: true,
      slack: { webhookUrl: "http://127.0.0.1:9/hook" },
      discord: { webhookUrl: "http://127.0.0.1:9/other" },
    }, { terminal: false, onError: (m) => errors.push(m) });
    assert.deepEqual(sinks.map((s) => s.name), ["slack", "discord"]);
    assert.match(errors[0] ?? "", /notify-send is not installed/);
    await Promise.all(sinks.map((s) => s.close?.()));
  } finally {
    Deno.env.set("PATH", path);
    await Deno.remove(dir, { recursive: true });
  }
});
