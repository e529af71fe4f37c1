/**
 * `deno task bench toolchain`: the parts of a monitor check that are Flux's own work, apart from the
 * tools themselves.
 * 1. Save -> watchFiles batch in-process (no worker), in-place and atomic saves.
 * 2. runTool overhead: its wall time minus the tool process's own time, on a real `deno test` project.
 * 3. FileFilter.ignores() over 100,000 paths (the cost per event on a big tree).
 * 4. Reading a 5,000-test JUnit report and a 5,000-issue ruff JSON report.
 */
import type { BenchRow } from "./bench_row.ts";
import { watchFiles } from "../core/toolchain/watch_files.ts";
import { runTool } from "../core/toolchain/run_tool.ts";
import { FileFilter } from "../core/toolchain/file_filter.ts";
import { parsePytest } from "../core/toolchain/pytest.ts";
import { parseRuff } from "../core/toolchain/ruff.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
}

export default async function toolchainBench(): Promise<BenchRow[]> {
  return [...await watchLatency(), ...await runToolOverhead(), ...filterSpeed(), ...parseSpeed()];
}

async function watchLatency(): Promise<BenchRow[]> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_tc_bench_" }));
  const controller = new AbortController();
  let resolveNext: ((t: number) => void) | null = null;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => ready = r);
  try {
    for (let i = 0; i < 40; i++) await Deno.writeTextFile(`${dir}/m${i}.py`, "x = 0\n");
    const done = watchFiles(dir, () => {
      resolveNext?.(performance.now());
      resolveNext = null;
    }, { signal: controller.signal, onReady: ready });
    await isReady;
    await sleep(100);
    const measure = async (atomic: boolean) => {
      const latencies: number[] = [];
      for (let i = 0; i < 40; i++) {
        const arrived = new Promise<number>((r) => resolveNext = r);
        const t0 = performance.now();
        if (atomic) {
          await Deno.writeTextFile(`${dir}/.m${i}.py.save`, `x = ${i}\n`);
          await Deno.rename(`${dir}/.m${i}.py.save`, `${dir}/m${i}.py`);
        } else {
          await Deno.writeTextFile(`${dir}/m${i}.py`, `x = ${i}\n`);
        }
        latencies.push(await Promise.race([arrived, sleep(3000).then(() => NaN)]) - t0);
        await sleep(60);
      }
      return latencies.filter((l) => !Number.isNaN(l));
    };
    const inPlace = await measure(false);
    const atomic = await measure(true);
    controller.abort();
    await done;
    const p50 = percentile(inPlace, 0.5);
    return [
      {
        name: "save -> watchFiles batch p50 (in-process)",
        value: p50,
        unit: "ms",
        target: "< 10 ms",
        met: p50 < 10,
        baseline: { name: "seed 2 s polling, computed mean wait", value: 1000, ratio: p50 / 1000 },
      },
      { name: "save -> watchFiles batch p95", value: percentile(inPlace, 0.95), unit: "ms" },
      { name: "atomic save -> watchFiles batch p50", value: percentile(atomic, 0.5), unit: "ms" },
    ];
  } finally {
    controller.abort();
    await Deno.remove(dir, { recursive: true });
  }
}

async function runToolOverhead(): Promise<BenchRow[]> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_tc_bench_" }));
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
    await Deno.writeTextFile(
      `${dir}/a_test.ts`,
      'Deno.test("fails", () => { throw new Error("Expected 200, got 401"); });\n',
    );
    const overheads: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      const run = await runTool("test", dir);
      overheads.push(performance.now() - t0 - run.durationMs);
    }
    const p50 = percentile(overheads, 0.5);
    return [{
      name: "runTool overhead beyond the test runner (deno test)",
      value: p50,
      unit: "ms",
      target: "< 20 ms",
      met: p50 < 20,
      note: "detection, report file, parsing",
    }];
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function filterSpeed(): BenchRow[] {
  const filter = new FileFilter(["*.log", "build/", "!keep.log", "docs/**/*.tmp"]);
  const paths: string[] = [];
  for (let i = 0; i < 100_000; i++) {
    paths.push(`src/pkg${i % 300}/sub${i % 7}/file${i}.${i % 5 === 0 ? "log" : "py"}`);
  }
  const t0 = performance.now();
  let kept = 0;
  for (const path of paths) if (!filter.ignores(path)) kept++;
  const ms = performance.now() - t0;
  return [{
    name: "FileFilter.ignores() per path (100,000 paths)",
    value: (ms * 1000) / paths.length,
    unit: "µs",
    target: "< 20 µs",
    met: (ms * 1000) / paths.length < 20,
    note: `${kept} kept`,
  }];
}

function parseSpeed(): BenchRow[] {
  const cases = Array.from(
    { length: 5000 },
    (_, i) =>
      i % 10 === 0
        ? `<testcase classname="tests.test_m" name="test_${i}" file="tests/test_m.py" line="${i}"><failure message="AssertionError: x">E   AssertionError: Expected 200, got 401\ntests/test_m.py:${i}: AssertionError</failure></testcase>`
        : `<testcase classname="tests.test_m" name="test_${i}" file="tests/test_m.py" line="${i}"/>`,
  ).join("");
  const report = `<testsuites><testsuite name="pytest">${cases}</testsuite></testsuites>`;
  let t0 = performance.now();
  const verdict = parsePytest({
    projectDir: "/p",
    code: 1,
    stdout: "",
    stderr: "",
    report,
    fix: false,
  });
  const junitMs = performance.now() - t0;
  const issues = JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({
    code: "F401",
    filename: `/p/m${i % 50}.py`,
    location: { row: i, column: 1 },
    message: "`os` imported but unused",
    severity: "error",
  })));
  t0 = performance.now();
  parseRuff({ projectDir: "/p", code: 1, stdout: issues, stderr: "", report: null, fix: false });
  const ruffMs = performance.now() - t0;
  return [
    {
      name: "read a 5,000-test JUnit report (pytest)",
      value: junitMs,
      unit: "ms",
      target: "< 100 ms",
      met: junitMs < 100,
      note: verdict.summary,
    },
    {
      name: "read a 5,000-issue ruff JSON report",
      value: ruffMs,
      unit: "ms",
      target: "< 50 ms",
      met: ruffMs < 50,
    },
  ];
}
