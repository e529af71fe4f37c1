import assert from "node:assert/strict";
import notify from "./mod.ts";

Deno.test("notify.run() shows the message and returns it with its level", () => {
  const logs: string[] = [];
  const ctx = {
    projectDir: "/",
    options: { message: "✅ Deployed", level: "success" },
    signal: new AbortController().signal,
    progress: () => {},
    log: (t: string) => logs.push(t),
    emit: () => {},
  };
  const result = notify.run(ctx);
  assert.deepEqual(result, {
    success: true,
    output: "✅ Deployed",
    data: { message: "✅ Deployed", level: "success" },
  });
  assert.deepEqual(logs, ["✅ Deployed\n"]);
  assert.equal(notify.run({ ...ctx, options: {} }).success, false);
});
