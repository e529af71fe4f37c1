/**
 * Many Flux processes on one project at once, as a user has them: `flux watch` (all monitors), the TUI in a
 * real terminal (tmux, its own monitors on), two loops of `flux wf run` and a loop of `flux session show`,
 * while a file is saved now and then (so the watchers write too). Afterwards every workflow run is
 * recorded, `PRAGMA integrity_check` is ok and nothing was moved aside.
 *
 * Runs as long as the loops take (about a minute on an idle 2-core machine); bounds are generous so that a
 * busy machine only makes it slower. FLUX_CONCURRENCY_RUNS changes the runs per loop (default 20).
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { hasTmux, TmuxTerminal } from "../tui/tmux_terminal.ts";

const REPO = new URL("../../", import.meta.url).pathname;
const RUNS = Number(Deno.env.get("FLUX_CONCURRENCY_RUNS") ?? 20);
const tmux = await hasTmux();

function fluxArgs(dir: string, ...args: string[]): string[] {
  return [
    "run",
    "-A",
    "--no-prompt",
    "--quiet",
    "--config",
    `${REPO}deno.json`,
    `${REPO}main.ts`,
    "--project",
    dir,
    ...args,
  ];
}

async function flux(dir: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: fluxArgs(dir, ...args),
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(300_000),
  }).output();
  const text = new TextDecoder();
  // A failed run says why on stdout too (a failed step's output): both go into the failure message.
  const said = out.code === 0
    ? ""
    : `${text.decode(out.stderr).trim()}\n--- stdout (last 2000 chars) ---\n${
      text.decode(out.stdout).slice(-2000)
    }`;
  return { code: out.code, stderr: said };
}

async function project(): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_concurrency_" }));
  await Deno.mkdir(`${dir}/.flux`);
  await Deno.writeTextFile(
    `${dir}/.flux/workflows.yaml`,
    "tick:\n  description: say tick\n  steps:\n    - name: tick\n      step_type: command\n      command: echo tick\n",
  );
  await Deno.writeTextFile(`${dir}/app.py`, "def add(a, b):\n    return a + b\n");
  await new Deno.Command("git", { args: ["init", "-q", dir] }).output();
  return dir;
}

Deno.test({
  name:
    "watch + TUI + 2 x wf run loops + session show loop on one project: nothing lost, store intact",
  ignore: !tmux,
  fn: async () => {
    const dir = await project();
    const watch = new Deno.Command(Deno.execPath(), {
      args: fluxArgs(dir, "watch", "--json"),
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const watchOut = new Response(watch.stdout).text();
    const watchErr = new Response(watch.stderr).text();
    const term = await TmuxTerminal.open({ projectDir: dir, columns: 120, rows: 40 });
    let looping = true;
    try {
      await term.waitFor(/Welcome to Flux|Resuming session/, 120_000);
      const failures: string[] = [];
      const loop = async (name: string) => {
        for (let i = 0; i < RUNS; i++) {
          const r = await flux(dir, "wf", "run", "tick");
          if (r.code !== 0) failures.push(`${name} run ${i}: exit ${r.code}: ${r.stderr.trim()}`);
        }
      };
      const shows = (async () => {
        let n = 0;
        while (looping) {
          const r = await flux(dir, "session", "show");
          if (r.code !== 0) failures.push(`session show ${n}: exit ${r.code}: ${r.stderr.trim()}`);
          n++;
        }
        return n;
      })();
      const saves = (async () => {
        for (let i = 0; looping; i++) {
          await Deno.writeTextFile(`${dir}/app.py`, `def add(a, b):\n    return a + b  # ${i}\n`);
          await new Promise((r) => setTimeout(r, 2000));
        }
      })();
      await Promise.all([loop("a"), loop("b")]);
      looping = false;
      const showCount = await shows;
      await saves;
      assert.deepEqual(failures, []);
      assert.ok(showCount > 0, "session show ran alongside");
      const screen = await term.capture();
      assert.doesNotMatch(screen, /unreadable|moved it to|damaged/, screen);
    } finally {
      looping = false;
      await term.keys("q").catch(() => {});
      await term.waitFor(/FLUX-EXITED/, 30_000).catch(() => {});
      await term.kill();
      try {
        watch.kill("SIGINT");
      } catch {
        // gone already
      }
    }
    const status = await watch.status;
    const stderr = await watchErr;
    await watchOut;
    try {
      assert.equal(status.code, 0, stderr);
      assert.doesNotMatch(stderr, /unreadable|moved it to|damaged/);
      const names = [...Deno.readDirSync(`${dir}/.flux`)].map((e) => e.name);
      assert.deepEqual(names.filter((n) => n.includes("corrupt")), [], "nothing moved aside");
      const db = new DatabaseSync(`${dir}/.flux/sessions.db`, { readOnly: true });
      try {
        const check = db.prepare("PRAGMA integrity_check").all().map((r) => Object.values(r)[0]);
        assert.deepEqual(check, ["ok"]);
        const runs = db.prepare("SELECT count(*) AS n FROM events WHERE event_type = 'workflow'")
          .get() as { n: number };
        assert.equal(runs.n, 2 * RUNS, "every workflow run is recorded");
      } finally {
        db.close();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
