/**
 * `deno task bench tui`: the TUI in a real terminal (tmux).
 * Every figure is Flux as a user runs it: the whole `deno task flux` process in its own tmux window, recording
 * on, each a median of several runs, each run side by side with its baseline in the same run.
 * - Launch to the first full frame (status line, resume banner, command line) with the session restored
 *   from a database of 100,000 events; baseline: `deno` printing one line in the same terminal, launched
 *   right before each Flux launch.
 * - Keystroke-to-screen latency while the monitors run (send-keys, then poll the screen); baseline: the
 *   same measurement against `cat`, i.e. the terminal's and the polling's own delay (FLUX_BENCH_RUNS runs,
 *   default 3).
 * - Memory (RSS) of the Flux process with all monitors on, median and peak over 20 s with a save that
 *   re-runs every check; baseline: the TUI with monitoring off. Beside them, the floor of the TUI's design
 *   on this runtime (`_tui_floor.tsx`: an Ink screen and empty workers, no Flux code).
 */
import type { BenchRow } from "./bench_row.ts";
import { SessionManager } from "../core/session/session_manager.ts";
import { EventType } from "../core/session/event_type.ts";
import { fluxTaskFlags, TmuxTerminal } from "../tests/tui/tmux_terminal.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const EVENTS = 100_000;
const LAUNCHES = 5;
const KEYSTROKES = 20;
/** Sessions per keystroke and memory figure; each row is the median over them. */
const RUNS = Number(Deno.env.get("FLUX_BENCH_RUNS") ?? 3);

export default async function tuiBench(): Promise<BenchRow[]> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-tui-bench-" }));
  try {
    await seedProject(dir);
    const rows: BenchRow[] = [];
    // Side by side: each Flux launch right after a baseline launch, so both see the same load.
    const baselines: number[] = [];
    const launches: number[] = [];
    for (let i = 0; i < LAUNCHES; i++) {
      baselines.push(
        await launchTime(dir, /bench-ready/, ["deno", "eval", "console.log('bench-ready')"]),
      );
      launches.push(await launchTime(dir, /📂 Resuming session[\s\S]*› /, undefined));
    }
    const baseline = percentile(baselines, 0.5);
    const launch = percentile(launches, 0.5);
    rows.push({
      name: `launch to first full frame (${EVENTS.toLocaleString("en")} events)`,
      value: launch,
      unit: "ms",
      target: "< 400 ms",
      met: launch < 400,
      baseline: { name: "deno prints a line", value: baseline, ratio: launch / baseline },
    });
    rows.push(...await keystrokeRows(dir));
    rows.push(...await memoryRows(dir));
    return rows;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A Deno project (so the tests, build, lint and git monitors have work) with 100,000 session events. */
async function seedProject(dir: string): Promise<void> {
  await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
  await Deno.writeTextFile(
    `${dir}/math.ts`,
    "export const add = (a: number, b: number) => a + b;\n",
  );
  await Deno.writeTextFile(
    `${dir}/math_test.ts`,
    'import { add } from "./math.ts";\nDeno.test("add", () => {\n  if (add(1, 2) !== 3) throw new Error("x");\n});\n',
  );
  const sessions = new SessionManager(dir);
  try {
    sessions.startNewSession();
    const kinds = [EventType.FILE_EDIT, EventType.COMMAND, EventType.TEST_RUN, EventType.MESSAGE];
    for (let start = 0; start < EVENTS; start += 1000) {
      const batch = [];
      for (let n = start; n < start + 1000; n++) {
        const type = kinds[n % kinds.length] ?? EventType.COMMAND;
        const data: Record<string, unknown> = type === EventType.FILE_EDIT
          ? { file: `src/file_${n % 40}.ts` }
          : type === EventType.TEST_RUN
          ? { total: 15, passed: 12, failed: 3 }
          : type === EventType.COMMAND
          ? { command: "/status", input: "/status", source: "tui" }
          : { role: "user", content: `question ${n}` };
        batch.push({ type, data });
      }
      sessions.recordEvents(batch);
    }
    sessions.setCurrentTask("Benchmarking the TUI");
  } finally {
    sessions.close();
  }
}

async function writeConfig(dir: string, tui: string): Promise<void> {
  await Deno.mkdir(`${dir}/.flux`, { recursive: true });
  await Deno.writeTextFile(`${dir}/.flux/config.yaml`, `tui:\n  ${tui}\n`);
}

/** Milliseconds from starting the program in a fresh tmux window to `ready` on screen. */
async function launchTime(
  dir: string,
  ready: RegExp,
  command?: string[],
  tui = "auto_watch: false",
): Promise<number> {
  await writeConfig(dir, tui);
  const started = performance.now();
  const term = await TmuxTerminal.open({ projectDir: dir, ...(command ? { command } : {}) });
  try {
    await term.waitFor(ready, 30_000, 2);
    return performance.now() - started;
  } finally {
    await term.kill();
  }
}

/**
 * Keystroke-to-screen latency in Flux with the monitors on: right after they start (workers spawning, first
 * checks running), once every monitor has finished a check (checks then run on their intervals and on
 * file changes), and right after a save that re-runs every check. Baseline: `cat` in the same terminal,
 * measured in each run right after Flux. Each row is the median over {@linkcode RUNS} runs of that run's
 * p50 or p95.
 */
async function keystrokeRows(dir: string): Promise<BenchRow[]> {
  const runs: KeystrokeRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await keystrokeRun(dir));
  const across = (pick: (run: KeystrokeRun) => number[], p: number) =>
    percentile(runs.map((run) => percentile(pick(run), p)), 0.5);
  const cat = { p50: across((r) => r.cat, 0.5), p95: across((r) => r.cat, 0.95) };
  const row = (name: string, pick: (run: KeystrokeRun) => number[], p: number): BenchRow => {
    const value = across(pick, p);
    const base = p === 0.5 ? cat.p50 : cat.p95;
    return {
      name,
      value,
      unit: "ms",
      target: "< 50 ms",
      met: value < 50,
      baseline: {
        name: `cat in the same terminal (p${p * 100})`,
        value: base,
        ratio: value / base,
      },
    };
  };
  const notes = [...new Set(runs.map((r) => r.monitors))].join("; ");
  const stillRunning = runs.filter((r) => r.checksStillRunning).length;
  return [
    { ...row("keystroke to screen p50, monitors idle", (r) => r.steady, 0.5), note: notes },
    row("keystroke to screen p95, monitors idle", (r) => r.steady, 0.95),
    row("keystroke to screen p50, every check re-running", (r) => r.checking, 0.5),
    {
      ...row("keystroke to screen p95, every check re-running", (r) => r.checking, 0.95),
      note: `checks still running at the end of the keys in ${stillRunning} of ${RUNS} runs`,
    },
    row("keystroke to screen p50, monitors starting up", (r) => r.startup, 0.5),
    row("keystroke to screen p95, monitors starting up", (r) => r.startup, 0.95),
  ];
}

interface KeystrokeRun {
  startup: number[];
  steady: number[];
  checking: number[];
  cat: number[];
  monitors: string;
  checksStillRunning: boolean;
}

/** One Flux session (start-up, idle, a save that re-runs every check), then `cat` in the same terminal. */
async function keystrokeRun(dir: string): Promise<KeystrokeRun> {
  await writeConfig(dir, "auto_watch: true");
  const flux = await TmuxTerminal.open({ projectDir: dir });
  const math = `${dir}/math.ts`;
  const original = await Deno.readTextFile(math);
  const run: KeystrokeRun = {
    startup: [],
    steady: [],
    checking: [],
    cat: [],
    monitors: "",
    checksStillRunning: false,
  };
  try {
    await flux.waitFor(/📂 Resuming session[\s\S]*› /, 30_000);
    await flux.waitFor(/👀 watching|Cannot do "\/watch"/, 30_000);
    run.startup = await keystrokes(flux, /› (\S*)▌/, "");
    await flux.waitFor((screen) => !/[❔⏳] \w+/.test(screen), 60_000).catch(() => "");
    run.monitors = monitorNote(await flux.capture());
    await flux.keys("Escape");
    await delay(200);
    run.steady = await keystrokes(flux, /› (\S*)▌/, "");
    // A save that breaks a test: every check runs again, each in a freshly started worker.
    await flux.keys("Escape");
    await Deno.writeTextFile(math, original.replace("a + b", "a - b"));
    await delay(100);
    run.checking = await keystrokes(flux, /› (\S*)▌/, "");
    run.checksStillRunning = /[⏳]/.test(await flux.capture());
  } finally {
    await flux.kill();
    await Deno.writeTextFile(math, original);
  }
  const cat = await TmuxTerminal.open({ projectDir: dir, command: ["cat"] });
  try {
    await delay(300);
    run.cat = await keystrokes(cat, /^(\S*)$/m, "");
  } finally {
    await cat.kill();
  }
  return run;
}

/** Types letters one at a time; each is timed until the screen's `field` (group 1) shows it. */
async function keystrokes(term: TmuxTerminal, field: RegExp, before: string): Promise<number[]> {
  const times: number[] = [];
  let typed = before;
  for (let i = 0; i < KEYSTROKES; i++) {
    const ch = "abcdefghij"[i % 10] ?? "a";
    typed += ch;
    const expected = typed;
    const started = performance.now();
    await term.tmux("send-keys", "-t", "flux", "-l", ch);
    await term.waitFor((screen) => field.exec(screen)?.[1]?.endsWith(expected) ?? false, 5000, 1);
    times.push(performance.now() - started);
    await delay(30);
  }
  return times;
}

/**
 * RSS of the Flux process with the monitors on, sampled every 200 ms for 20 s after they started, with a
 * save that breaks a test at 6 s (every check then runs at once: the peak). Against the TUI without
 * monitoring and `flux watch`.
 */
async function memoryRows(dir: string): Promise<BenchRow[]> {
  const samples: { median: number; peak: number; note: string }[] = [];
  for (let i = 0; i < RUNS; i++) {
    samples.push(
      await rssWith(dir, "auto_watch: true", /👀 watching|Cannot do "\/watch"/, [], true),
    );
  }
  const watching = {
    median: percentile(samples.map((s) => s.median), 0.5),
    peak: percentile(samples.map((s) => s.peak), 0.5),
    note: [...new Set(samples.map((s) => s.note))].join("; "),
  };
  const floors: { rest: number; peak: number }[] = [];
  for (let i = 0; i < RUNS; i++) floors.push(await floorRss(dir));
  const floor = {
    rest: percentile(floors.map((f) => f.rest), 0.5),
    peak: percentile(floors.map((f) => f.peak), 0.5),
  };
  const idle = await rssWith(dir, "auto_watch: false", /📂 Resuming session/);
  const watch = await rssWith(dir, "auto_watch: false", /Watching/, ["watch"]);
  const headless: BenchRow = {
    name: "flux watch (same monitors, no TUI), for comparison",
    value: watch.median,
    unit: "MB",
  };
  const median = watching.median;
  return [{
    name: "TUI memory (RSS) with all monitors on, median",
    value: median,
    unit: "MB",
    target: "< 150 MB",
    met: median < 150,
    baseline: { name: "TUI, monitoring off", value: idle.median, ratio: median / idle.median },
    note: watching.note,
  }, {
    name: "TUI memory (RSS), peak while every check runs (median of runs)",
    value: watching.peak,
    unit: "MB",
    target: "< 150 MB",
    met: watching.peak < 150,
  }, {
    name: "  floor: empty Ink screen + 2 idle workers, at rest (no Flux code)",
    value: floor.rest,
    unit: "MB",
    baseline: { name: "Flux median", value: median, ratio: median / floor.rest },
    note: "the isolates the TUI always keeps: screen, backend, file watcher (bench/_tui_floor.tsx)",
  }, {
    name: "  floor: the same + 4 empty workers started at once (no Flux code)",
    value: floor.peak,
    unit: "MB",
    baseline: { name: "Flux peak", value: watching.peak, ratio: watching.peak / floor.peak },
    note: "a save starts the tests, build, lint and git checks, each in a worker of its own",
  }, headless];
}

async function rssWith(
  dir: string,
  tui: string,
  ready: RegExp,
  args: string[] = [],
  save = false,
): Promise<{ median: number; peak: number; note: string }> {
  await writeConfig(dir, tui);
  const math = `${dir}/math.ts`;
  const original = await Deno.readTextFile(math);
  const term = await TmuxTerminal.open({ projectDir: dir, args });
  try {
    await term.waitFor(ready, 30_000);
    await delay(3000); // the first checks
    const pid = await term.programPid();
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      if (save && i === 15) {
        await Deno.writeTextFile(math, original.replace("a + b", "a - b"));
      }
      const status = pid ? await Deno.readTextFile(`/proc/${pid}/status`) : "";
      samples.push(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024);
      await delay(200);
    }
    return {
      median: percentile(samples, 0.5),
      peak: Math.max(...samples),
      note: monitorNote(await term.capture()),
    };
  } finally {
    await term.kill();
    await Deno.writeTextFile(math, original);
  }
}

/**
 * The RSS floor of the TUI's design on this runtime: `_tui_floor.tsx` (an Ink screen and empty workers, no
 * Flux code) in the same terminal, with the `flux` task's flags.
 */
async function floorRss(dir: string): Promise<{ rest: number; peak: number }> {
  const out = `${dir}/floor.json`;
  await Deno.remove(out).catch(() => {});
  const term = await TmuxTerminal.open({
    projectDir: dir,
    command: [
      Deno.execPath(),
      "run",
      ...fluxTaskFlags(),
      "--config",
      `${ROOT}/deno.json`,
      `${ROOT}/bench/_tui_floor.tsx`,
      out,
    ],
  });
  try {
    for (let waited = 0; waited < 30_000; waited += 200) {
      const text = await Deno.readTextFile(out).catch(() => "");
      if (text !== "") return JSON.parse(text);
      await delay(200);
    }
    throw new Error(`bench/_tui_floor.tsx wrote no figures: ${await term.capture()}`);
  } finally {
    await term.kill();
  }
}

function monitorNote(screen: string): string {
  const names = ["tests", "build", "lint", "git", "file_changes"].filter((n) =>
    new RegExp(`[✅❌❔⏳] ${n}\\b`).test(screen)
  );
  return names.length > 0 ? `monitors: ${names.join(", ")}` : "no monitors were running";
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
