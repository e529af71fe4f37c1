/**
 * Escape sequences planted where strangers can put them (a file name from `git pull`, a workflow's name
 * and description, a notify message, a bad step type) never reach the terminal raw: every command's
 * output is scanned for ESC and BEL, and each planted text must show up in its visible form.
 */
import "../_trust_test_projects.ts";
import assert from "node:assert/strict";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";

const MAIN = `${import.meta.dirname}/../../main.ts`;
const CONFIG = `${import.meta.dirname}/../../deno.json`;
const OSC52 = "f\x1b]52;c;eA==\x07.txt";
const CLEAR = "g\x1b[2J.txt";
// deno-lint-ignore no-control-regex
const RAW = /[\x1b\x07\x9b]/;

async function flux(dir: string, ...args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", CONFIG, MAIN, "--project", dir, ...args],
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return `${decoder.decode(output.stdout)}${decoder.decode(output.stderr)}`;
}

function assertInert(command: string, text: string, visible: string[]): void {
  const at = text.search(RAW);
  assert.equal(at, -1, `${command} printed a raw control character: ${JSON.stringify(text)}`);
  for (const v of visible) assert.ok(text.includes(v), `${command} shows ${v}: ${text}`);
}

Deno.test("no command prints planted escape sequences raw: session show and export, wf list/show/run/validate", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_hostile_" }));
  try {
    const setup = new SessionManager(dir, { retentionDays: 0 });
    const id = setup.startNewSession().id;
    setup.setCurrentTask(`fix ${CLEAR}`);
    setup.recordEvent(EventType.FILE_EDIT, { file: OSC52 });
    setup.recordEvent(EventType.FILE_EDIT, { file: CLEAR });
    setup.close();
    await Deno.writeTextFile(
      `${dir}/.flux/workflows.yaml`,
      `evil:
  description: "clears \\e[2J and copies \\e]52;c;eA==\\a"
  steps:
    - name: say
      step_type: notify
      params:
        message: "pwned \\e]52;c;eA==\\a done"
    - name: own-output
      step_type: command
      command: printf 'kept\\033[1mbold\\033[0m\\n'
`,
    );
    const visibleFile = ["f\\x1b]52;c;eA==\\x07.txt", "g\\x1b[2J.txt"];
    assertInert("session show", await flux(dir, "session", "show"), visibleFile);
    assertInert(
      "session export --format md",
      await flux(dir, "session", "export", id, "--format", "md"),
      visibleFile,
    );
    assertInert("session export --json", await flux(dir, "session", "export", id, "--json"), [
      "\\u001b]52",
    ]);
    assertInert("wf list", await flux(dir, "wf", "list"), ["clears \\x1b[2J"]);
    assertInert("wf show", await flux(dir, "wf", "show", "evil"), ["pwned \\x1b]52;c;eA==\\x07"]);
    assertInert("wf validate", await flux(dir, "wf", "validate"), ["1 workflow(s) valid"]);
    const run = await flux(dir, "wf", "run", "evil");
    // The command step's own output is the one thing shown as is.
    assert.ok(run.includes("kept\x1b[1mbold\x1b[0m"), run);
    assertInert("wf run", run.replace("kept\x1b[1mbold\x1b[0m", ""), [
      "pwned \\x1b]52;c;eA==\\x07 done",
    ]);
    assertInert("wf run --json", await flux(dir, "wf", "run", "evil", "--json"), [
      "pwned \\u001b]52",
    ]);
    assertInert("wf run (unknown name)", await flux(dir, "wf", "run", "nope\x1b[2J"), [
      "nope\\x1b[2J",
    ]);

    // Names and types with escapes are errors, reported inert.
    await Deno.writeTextFile(
      `${dir}/.flux/workflows.yaml`,
      `"evil\\e[2J":
  description: "\\e[2J"
  steps:
    - name: "say \\e]0;title\\a"
      step_type: "\\e[2Jcmd"
      params:
        message: "\\e]52;c;eA==\\a"
`,
    );
    for (const args of [["wf", "validate"], ["wf", "list"], ["wf", "run", "evil\x1b[2J"]]) {
      assertInert(args.join(" ") + " (errors)", await flux(dir, ...args), ["evil\\x1b[2J"]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux watch shows changed file names with escape sequences inert", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_hostile_watch_" }));
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        "--config",
        CONFIG,
        MAIN,
        "--project",
        dir,
        "watch",
        "--only",
        "file_changes",
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const decoder = new TextDecoder();
    let text = "";
    const read = (async () => {
      for await (const chunk of child.stdout) text += decoder.decode(chunk, { stream: true });
    })();
    const err = new Response(child.stderr).text();
    // Keep changing the files until the watcher has reported both (it may still be starting up).
    const deadline = performance.now() + 60_000;
    while (!(text.includes("eA==\\x07.txt") && text.includes("g\\x1b[2J.txt"))) {
      assert.ok(performance.now() < deadline, `no report of the files: ${text}`);
      await Deno.writeTextFile(`${dir}/${OSC52}`, String(Math.random()));
      await Deno.writeTextFile(`${dir}/${CLEAR}`, String(Math.random()));
      await new Promise((r) => setTimeout(r, 500));
    }
    child.kill("SIGINT");
    await child.status;
    await read;
    assertInert("flux watch", text + await err, ["f\\x1b]52;c;eA==\\x07.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
