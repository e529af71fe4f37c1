import assert from "node:assert/strict";
import { FluxBackend } from "./flux_backend.ts";
import { TuiController } from "./tui_controller.ts";

/** A backend whose workflow names arrive only when the test says so (a slow start-up). */
class SlowNames extends FluxBackend {
  readonly gate = Promise.withResolvers<void>();
  override async workflowNames(): Promise<string[]> {
    await this.gate.promise;
    return ["quick-check", "deploy"];
  }
}

Deno.test("Tab pressed before start-up has read the workflow names completes once they are read", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux-tui-tab-" });
  await Deno.mkdir(`${dir}/.flux`);
  await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "tui:\n  auto_watch: false\n");
  const backend = new SlowNames(dir);
  const controller = new TuiController(backend);
  try {
    await controller.open();
    const background = controller.startBackground();
    for (const ch of "wf run qu") controller.handleKey(ch, {});
    controller.handleKey("", { tab: true });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(controller.state.input, "wf run qu", "nothing to complete with yet");
    backend.gate.resolve();
    await background;
    await new Promise((r) => setTimeout(r, 0));
    assert.match(controller.state.input, /^wf run quick-check\b/);
  } finally {
    await controller.quit();
    if (!controller.state.quitting) await controller.quit();
    await Deno.remove(dir, { recursive: true });
  }
});
