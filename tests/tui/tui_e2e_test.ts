/**
 * End-to-end: Flux in a real terminal (tmux). Session banner, task across restarts, resize to 60 columns,
 * quitting with the terminal restored.
 */
import assert from "node:assert/strict";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { hasTmux, TmuxTerminal } from "./tmux_terminal.ts";
import { runProcess } from "../../core/process/run_process.ts";

const tmux = await hasTmux();

async function project(): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-tui-e2e-" }));
  await Deno.mkdir(`${dir}/.flux`);
  await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "tui:\n  auto_watch: false\n");
  return dir;
}

/** A small Deno project whose quick-check (deno fmt, deno test) passes. */
async function denoProject(): Promise<string> {
  const dir = await project();
  await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
  await Deno.writeTextFile(
    `${dir}/math.ts`,
    "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
  );
  await Deno.writeTextFile(
    `${dir}/math_test.ts`,
    'import { add } from "./math.ts";\n\nDeno.test("add() adds", () => {\n' +
      '  if (add(1, 2) !== 3) throw new Error("add is broken");\n});\n',
  );
  return dir;
}

function rowOf(screen: string, text: string): number {
  return screen.split("\n").findIndex((line) => line.includes(text));
}

Deno.test({
  name: "flux opens in a temp project with a prior session and shows the resume banner",
  ignore: !tmux,
  fn: async () => {
    const dir = await project();
    const sessions = new SessionManager(dir);
    sessions.startNewSession();
    sessions.setCurrentTask("Debugging login authentication");
    sessions.recordEvent(EventType.FILE_EDIT, { file: "auth.py" });
    sessions.recordEvent(EventType.TEST_RUN, { total: 15, passed: 12, failed: 3 });
    sessions.close();
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      const screen = await term.waitFor(/📂 Resuming session from/);
      assert.match(screen, /Last task: Debugging login authentication/);
      assert.match(screen, /auth\.py/);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a task set in the TUI is in the banner after quitting and reopening",
  ignore: !tmux,
  fn: async () => {
    const dir = await project();
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      await term.waitFor(/Welcome to Flux/);
      await term.type("/task Ship the TUI");
      await term.keys("Enter");
      await term.waitFor(/🎯 Task set: Ship the TUI/);
      await term.keys("q");
      await term.waitFor(/FLUX-EXITED 0/);
      await term.start();
      const screen = await term.waitFor(/📂 Resuming session from/);
      assert.match(screen, /Last task: Ship the TUI/);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "wf run quick-check typed in the TUI shows its steps and completes",
  ignore: !tmux,
  fn: async () => {
    const dir = await denoProject();
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      await term.waitFor(/Welcome to Flux/);
      await term.type("wf run qu");
      await term.keys("Tab");
      await term.waitFor(/› wf run quick-check/);
      await term.keys("Enter");
      const screen = await term.waitFor(/✅ Workflow 'quick-check' completed in/, 60_000);
      assert.match(screen, /Workflow quick-check/);
      assert.match(screen, /✔ format/);
      assert.match(screen, /✔ tests/);
      assert.match(screen, /2\/2 ✅ completed in/);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "resizing to 60 columns re-lays the screen with the panels stacked",
  ignore: !tmux,
  fn: async () => {
    const dir = await project();
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      const wide = await term.waitFor(/Welcome to Flux/);
      assert.equal(rowOf(wide, "Monitors"), rowOf(wide, "Notifications"));
      await term.resize(60, 30);
      const narrow = await term.waitFor(/Monitors[\s\S]*\n.*Notifications/);
      assert.ok(rowOf(narrow, "Monitors") < rowOf(narrow, "Notifications"), narrow);
      assert.match(narrow, /Welcome to Flux/);
      assert.match(narrow, /› /);
      for (const line of narrow.split("\n")) assert.ok(line.length <= 60, line);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "with NO_COLOR the screen has no colour codes (and without it, it has some)",
  ignore: !tmux,
  fn: async () => {
    const dir = await project();
    try {
      assert.deepEqual(await screenColours(dir, { NO_COLOR: "1" }), []);
      assert.notDeepEqual(await screenColours(dir, {}), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** The SGR colour parameters on the screen (30-37, 40-47, 90-97, 100-107, 38;5 and 48;5 forms). */
async function screenColours(dir: string, env: Record<string, string>): Promise<string[]> {
  const term = await TmuxTerminal.open({ projectDir: dir, env });
  try {
    await term.waitFor(/Welcome to Flux|Resuming session/);
    const styled = await term.tmux("capture-pane", "-p", "-e", "-t", "flux");
    const sgr = new RegExp(String.fromCharCode(27) + "\\[([0-9;]*)m", "g");
    return [...styled.matchAll(sgr)].flatMap((m) =>
      (m[1] ?? "").split(";").filter((p) => /^(3[0-8]|4[0-8]|9\d|10\d)$/.test(p))
    );
  } finally {
    await term.kill();
  }
}

Deno.test({
  name: "q exits with code 0 and the terminal restored (main screen, cursor shown, cooked mode)",
  ignore: !tmux,
  fn: async () => {
    const dir = await project();
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      await term.waitFor(/Welcome to Flux/);
      assert.equal(await term.format("#{alternate_on}"), "1");
      await term.keys("q");
      const screen = await term.waitFor(/FLUX-EXITED 0\n.*icanon/);
      assert.match(screen, /(^|\s)icanon(\s|$)/m);
      assert.match(screen, /(^|\s)echo(\s|$)/m);
      assert.doesNotMatch(screen, /Notifications/);
      assert.equal(await term.format("#{alternate_on}"), "0");
      assert.equal(await term.format("#{cursor_flag}"), "1");
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "editing a file so a test fails shows the notification on its own, and the fix shows passing",
  ignore: !tmux,
  fn: async () => {
    const dir = await denoProject();
    await Deno.writeTextFile(
      `${dir}/.flux/config.yaml`,
      "tui:\n  auto_watch: true\nmonitors:\n  enabled: [tests, file_changes]\n  cooldown: 1\n",
    );
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      await term.waitFor(/✅ tests\s+ok/, 60_000);
      await Deno.writeTextFile(
        `${dir}/math.ts`,
        "export function add(a: number, b: number): number {\n  return a - b;\n}\n",
      );
      await term.waitFor(/❌ Tests are now failing!/, 60_000);
      // The tests monitor widens: the notice comes with the first failing stage, the row turns red once
      // the whole suite has run.
      const failing = await term.waitFor(/❌ tests\s+fail/, 60_000);
      assert.match(failing, /❌ Tests are now failing!/);
      assert.match(failing, /add\(\) adds|math_test\.ts/);
      await Deno.writeTextFile(
        `${dir}/math.ts`,
        "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
      );
      const passing = await term.waitFor(/✅ Tests are now passing!/, 60_000);
      assert.match(passing, /📝 \d+ files? changed: .*math\.ts/);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "q while a workflow runs asks again; Ctrl-C then stops the workflow's processes and quits",
  ignore: !tmux,
  fn: async () => {
    const dir = await project();
    const nap = `sleep 47.${Math.floor(Math.random() * 1e6)}`;
    await Deno.writeTextFile(
      `${dir}/.flux/workflows.yaml`,
      `slow:\n  description: takes a nap\n  steps:\n    - name: nap\n      step_type: command\n      command: ${nap}\n`,
    );
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      await term.waitFor(/Welcome to Flux/);
      await term.type("wf run slow");
      await term.keys("Enter");
      await term.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] nap/);
      assert.ok(await eventually(() => processRunning(nap)), "the step is running");
      await term.keys("q");
      await term.waitFor(/A workflow is running: press q or Ctrl-C again/);
      await term.keys("C-c");
      await term.waitFor(/FLUX-EXITED 0/, 20_000);
      assert.equal(await processRunning(nap), false, "nothing left running");
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** Polls `check` until it is true or 10 s pass. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function processRunning(commandLine: string): Promise<boolean> {
  const result = await runProcess("pgrep", ["-f", commandLine], { timeoutMs: 5000 });
  return result.code === 0;
}

Deno.test({
  name: "SIGTERM quits cleanly with the terminal restored",
  ignore: !tmux,
  fn: async () => {
    const dir = await project();
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      await term.waitFor(/Welcome to Flux/);
      const pid = await term.programPid();
      assert.ok(pid, "flux is running");
      Deno.kill(pid, "SIGTERM");
      const screen = await term.waitFor(/FLUX-EXITED 0\n.*icanon/);
      assert.match(screen, /(^|\s)icanon(\s|$)/m);
      assert.equal(await term.format("#{alternate_on}"), "0");
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
