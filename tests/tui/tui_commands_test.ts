/**
 * End-to-end in a real terminal (tmux): the seed's command line. A workflow's bare name runs it, `/test`
 * and `r` re-run the tests monitor and say the verdict every time, `/autofix` fixes exactly the file with a
 * fixable finding (or says there is nothing to fix), and at 60 columns every monitor is on screen.
 */
import assert from "node:assert/strict";
import { hasTmux, TmuxTerminal } from "./tmux_terminal.ts";
import { denoClean, denoFixable, differing, snapshot } from "../autofix/_fixtures.ts";

const tmux = await hasTmux();

/** Generous: a busy machine runs deno test and deno check many times slower than an idle one. */
const SLOW = 120_000;

/** A Deno project (no monitoring at start) whose pr-ready (fmt, lint, check, test) passes. */
async function denoProject(): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-tui-cmd-" }));
  await Deno.mkdir(`${dir}/.flux`);
  await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "tui:\n  auto_watch: false\n");
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

async function quietProject(make: () => Promise<string>): Promise<string> {
  const dir = await make();
  await Deno.mkdir(`${dir}/.flux`, { recursive: true });
  await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "tui:\n  auto_watch: false\n");
  return dir;
}

function count(screen: string, pattern: RegExp): number {
  return screen.split("\n").filter((line) => pattern.test(line)).length;
}

Deno.test({
  name: "pr-ready typed bare at the prompt (Tab-completed) runs the workflow, not a question",
  ignore: !tmux,
  fn: async () => {
    const dir = await denoProject();
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      await term.waitFor(/Welcome to Flux/);
      await term.type("pr-r");
      await term.keys("Tab");
      await term.waitFor(/› pr-ready/);
      await term.keys("Enter");
      const screen = await term.waitFor(/✅ Workflow 'pr-ready' completed in/, SLOW);
      assert.match(screen, /Workflow pr-ready/);
      assert.doesNotMatch(screen, /💬 pr-ready/);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "/test runs the tests now and reports the verdict each time; r in the monitors panel too",
  ignore: !tmux,
  fn: async () => {
    const dir = await denoProject();
    const term = await TmuxTerminal.open({ projectDir: dir, columns: 120, rows: 40 });
    try {
      await term.waitFor(/Welcome to Flux/);
      await term.type("/test");
      await term.keys("Enter");
      await term.waitFor(/⏳ Checking tests now/);
      let screen = await term.waitFor(/✅ tests: .*\(checked now/, SLOW);
      assert.match(screen, /tests was not being watched: it is now/);
      // Nothing changed: asked again, it runs again and says so again.
      await term.type("/test");
      await term.keys("Enter");
      screen = await term.waitFor((s) => count(s, /✅ tests: .*\(checked now/) >= 2, SLOW);
      // r in the monitors panel (Tab, Tab from the command line) re-runs the selected monitor: tests.
      await term.keys("Tab");
      await term.keys("Tab");
      await term.keys("r");
      await term.waitFor((s) => count(s, /✅ tests: .*\(checked now/) >= 3, SLOW);
      // Break the code: the verdict is a failure.
      await Deno.writeTextFile(
        `${dir}/math.ts`,
        "export function add(a: number, b: number): number {\n  return a - b;\n}\n",
      );
      // Typing goes to the command line from any panel (no Escape: ESC then "/" reads as Alt-/).
      await term.type("/test");
      await term.keys("Enter");
      screen = await term.waitFor(/❌ tests: .*\(checked now/, SLOW);
      assert.match(screen, /add\(\) adds/);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "/autofix in the TUI changes exactly the file with the fixable lint finding and lists it",
  ignore: !tmux,
  fn: async () => {
    const dir = await quietProject(denoFixable);
    const before = await snapshot(dir);
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      await term.waitFor(/Welcome to Flux/);
      await term.type("/autofix");
      await term.keys("Enter");
      const screen = await term.waitFor(/🔧 Autofix changed 1 file \(\+1 -1\)/, SLOW);
      assert.match(screen, /M src\/count\.ts {2}\+1 -1/);
      assert.deepEqual(differing(before, await snapshot(dir)), ["src/count.ts"]);
      assert.match(await Deno.readTextFile(`${dir}/src/count.ts`), /let n = 1;/);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "/autofix in a project with nothing fixable changes nothing and says so",
  ignore: !tmux,
  fn: async () => {
    const dir = await quietProject(denoClean);
    const before = await snapshot(dir);
    const term = await TmuxTerminal.open({ projectDir: dir });
    try {
      await term.waitFor(/Welcome to Flux/);
      await term.type("/autofix");
      await term.keys("Enter");
      await term.waitFor(/✅ Autofix: nothing to fix, no file changed/, SLOW);
      assert.deepEqual(differing(before, await snapshot(dir)), []);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "at 60 columns the monitors panel shows every monitor",
  ignore: !tmux,
  fn: async () => {
    const dir = await denoProject();
    await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "tui:\n  auto_watch: true\n");
    const term = await TmuxTerminal.open({ projectDir: dir, columns: 60, rows: 24 });
    try {
      const names = ["build", "file_changes", "git", "lint", "tests"];
      const screen = await term.waitFor((s) => names.every((n) => s.includes(n)), SLOW);
      const panel = screen.split("\n").slice(0, 8).join("\n");
      for (const name of names) assert.match(panel, new RegExp(name), screen);
    } finally {
      await term.kill();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
