import assert from "node:assert/strict";
import { DesktopSink, findOnPath } from "./desktop_sink.ts";
import { formatNotification } from "./format_notification.ts";

Deno.test("DesktopSink.send() runs the notifier with title, urgency and body", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_desktop_" });
  try {
    // A real program standing in for notify-send, which records its arguments.
    const script = `${dir}/notify-send`;
    await Deno.writeTextFile(script, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\n`);
    await Deno.chmod(script, 0o755);
    const sink = new DesktopSink({ command: script });
    assert.ok(sink.available);
    await sink.send(formatNotification({
      monitor: "tests",
      level: "error",
      title: "❌ Tests are now failing!",
      analysis: "expected 4, got 3",
      lines: ["FAILED test_add"],
    }));
    const args = (await Deno.readTextFile(`${dir}/args`)).trimEnd().split("\n");
    assert.deepEqual(args, [
      "--app-name=Flux",
      "--urgency=critical",
      "❌ Tests are now failing!",
      "expected 4, got 3",
      "• FAILED test_add",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("findOnPath() finds sh and not a missing program", () => {
  assert.match(findOnPath("sh") ?? "", /\/sh$/);
  assert.equal(findOnPath("flux-no-such-program"), undefined);
});
