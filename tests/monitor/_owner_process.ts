/**
 * A Flux process that owns or attaches to a project's monitors, for the owner tests. Its own monitors are
 * scripted: stdin line "emit ok|fail" reports a state change, "notify" a notification. stdout: one JSON line per role taken
 * (`{"role":"owner","takeover":false,"known":{...}}`) and per update received (`{"update":{...}}`).
 * Usage: deno run -A _owner_process.ts <projectDir> <command>
 */
import { ProjectMonitors } from "../../core/monitor/owner/project_monitors.ts";
import type { MonitorUpdate } from "../../core/monitor/owner/monitor_update.ts";

const [projectDir = ".", command = "test-process"] = Deno.args;
const say = (value: unknown) => console.log(JSON.stringify(value));
let emit: ((update: MonitorUpdate) => void) | undefined;
let last = "unknown";

const monitors = new ProjectMonitors(projectDir, {
  command,
  retryMs: 50,
  startOwn: (out, known) => {
    emit = out;
    const state = known.get("tests");
    if (state) last = state.status;
    say({ started: true, known: Object.fromEntries(known) });
    return Promise.resolve({ stop: () => Promise.resolve(void (emit = undefined)) });
  },
  onRole: (role, owner, takeover) => say({ role, takeover, owner: owner.pid }),
  onWarning: (line) => say({ warning: line }),
});
await monitors.start((update) => say({ update }));

const stop = async () => {
  await monitors.stop();
  say({ stopped: true });
  Deno.exit(0);
};
Deno.addSignalListener("SIGTERM", () => void stop());
for await (const line of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  for (const word of line.split("\n").map((l) => l.trim()).filter(Boolean)) {
    if (word === "stop") await stop();
    if (word === "notify" && emit) {
      const title = "❌ Tests are now failing!";
      emit({
        type: "notification",
        notification: {
          time: new Date().toISOString(),
          monitor: "tests",
          level: "error",
          title,
          lines: ["test_add - assert -1 == 3"],
          text: `${title}\n\nFailed tests:\n  • test_add - assert -1 == 3`,
        },
      });
      continue;
    }
    const to = word.replace(/^emit /, "") as "ok" | "fail";
    if (!emit) {
      say({ notOwner: word });
      continue;
    }
    emit({
      type: "event",
      event: {
        time: new Date().toISOString(),
        monitor: "tests",
        kind: last === "unknown" ? "state" : "state_change",
        ...(last === "unknown" ? {} : { from: last as "ok" | "fail" }),
        to,
        summary: to === "ok" ? "1 passed" : "1 failed",
      },
    });
    last = to;
  }
}
await stop();
