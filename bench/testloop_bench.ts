/**
 * `deno task bench testloop`: the widening test loop on the user's path. `flux watch --json --only tests`
 * runs as a process (recording on) on a generated project; one leaf-module edit breaks one test. Side by
 * side in one run: save -> the first correct failing notification, save -> the final verdict (the state
 * change after the whole suite), and the whole suite run alone in a plain shell.
 *  1. pytest: 200 test files x 5 tests, each about 20 ms (about 20 s of suite).
 *  2. deno test: 50 test files x 5 tests, each about 20 ms.
 *  3. vitest (installed from npm; skipped without npm): the same 50 x 5 project as JavaScript.
 * Each with its peer for the first notification, run alone in a shell: the edited module's test file
 * (pytest, deno test), vitest's own `vitest related --run <the edited file>`, each run on content no
 * run has seen (deno's type-check cache is as cold as for Flux's run after the save). The full suite
 * runs in a shell before and after the loop, the one after also on content no run has seen; their mean
 * is the baseline.
 *  4. Size of the test_results table per million results.
 */
import type { BenchRow } from "./bench_row.ts";
import { SessionManager } from "../core/session/session_manager.ts";

const ROOT = `${import.meta.dirname}/..`;

export default async function testloopBench(): Promise<BenchRow[]> {
  return [
    ...await loop(
      "pytest",
      pytestProject(),
      "lib/mod137.py",
      "def f137(x):\n    return x + 2\n",
      [
        "python3",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
      ],
      "tests/test_mod137.py::test_3",
      {
        peer: {
          name: "the edited module's test file alone in a shell",
          command: "python3 -m pytest -q -p no:cacheprovider tests/test_mod137.py",
        },
      },
    ),
    ...await loop(
      "deno test",
      denoProject(),
      "src/mod37.ts",
      "export const f37 = (x: number): number => x + 2;\n",
      [
        "deno",
        "test",
        "-A",
        "--reporter=dot",
      ],
      "test_3",
      {
        peer: {
          name: "the edited module's test file alone in a shell",
          command: "deno test -A --reporter=dot src/mod37_test.ts",
        },
      },
    ),
    ...await vitestLoop(),
    await resultsSize(),
  ];
}

const VITEST = "3.2.4";

/** The vitest rows, or one row saying why they were skipped. */
async function vitestLoop(): Promise<BenchRow[]> {
  const npm = await new Deno.Command("npm", { args: ["--version"], stdout: "null", stderr: "null" })
    .output().then((o) => o.success, () => false);
  if (!npm) {
    return [{ name: "vitest: the widening loop", value: 0, unit: "s", note: "skipped: no npm" }];
  }
  return await loop(
    "vitest",
    vitestProject(),
    "src/mod37.js",
    "export const f37 = (x) => x + 2;\n",
    ["npx", "vitest", "run"],
    "test_3",
    {
      setup: async (dir) => {
        const install = await new Deno.Command("npm", {
          args: ["install", "--no-audit", "--no-fund", "--prefer-offline"],
          cwd: dir,
          stdout: "null",
          stderr: "piped",
        }).output();
        if (!install.success) {
          throw new Error(`npm install failed: ${new TextDecoder().decode(install.stderr)}`);
        }
      },
      // vitest's own related-test selection, as a user would type it after the same edit.
      peer: {
        name: "`vitest related --run <edited file>` alone in a shell",
        command: "npx vitest related --run src/mod37.js",
      },
    },
  );
}

function vitestProject(): Record<string, string> {
  const files: Record<string, string> = {
    "package.json": JSON.stringify({
      name: "flux-testloop-bench",
      private: true,
      type: "module",
      scripts: { test: "vitest run" },
      devDependencies: { vitest: VITEST },
    }),
  };
  for (let i = 0; i < 50; i++) {
    files[`src/mod${i}.js`] = `export const f${i} = (x) => x + 1;\n`;
    const tests = [0, 1, 2, 3, 4].map((t) =>
      `test("test_${t}", async () => {\n  await new Promise((r) => setTimeout(r, 20));\n` +
      (t === 3 ? `  expect(f${i}(3)).toBe(4);\n` : "") + "});\n"
    );
    files[`src/mod${i}.test.js`] = `import { expect, test } from "vitest";\n` +
      `import { f${i} } from "./mod${i}.js";\n\n` + tests.join("\n");
  }
  return files;
}

function pytestProject(): Record<string, string> {
  const files: Record<string, string> = { "conftest.py": "", "lib/__init__.py": "" };
  for (let i = 0; i < 200; i++) {
    files[`lib/mod${i}.py`] = `def f${i}(x):\n    return x + 1\n`;
    const tests = [0, 1, 2, 3, 4].map((t) =>
      `def test_${t}():\n    time.sleep(0.02)\n    assert ${
        t === 3 ? `f${i}(${t}) == ${t + 1}` : "True"
      }\n`
    );
    files[`tests/test_mod${i}.py`] = `import time\n\nfrom lib.mod${i} import f${i}\n\n\n` +
      tests.join("\n\n");
  }
  return files;
}

function denoProject(): Record<string, string> {
  const files: Record<string, string> = { "deno.json": "{}\n" };
  for (let i = 0; i < 50; i++) {
    files[`src/mod${i}.ts`] = `export const f${i} = (x: number): number => x + 1;\n`;
    const tests = [0, 1, 2, 3, 4].map((t) =>
      `Deno.test("test_${t}", async () => {\n  await new Promise((r) => setTimeout(r, 20));\n` +
      (t === 3 ? `  if (f${i}(3) !== 4) throw new Error("f${i} is wrong");\n` : "") + "});\n"
    );
    files[`src/mod${i}_test.ts`] = `import { f${i} } from "./mod${i}.ts";\n\n` + tests.join("\n");
  }
  return files;
}

async function loop(
  label: string,
  files: Record<string, string>,
  leaf: string,
  broken: string,
  shellCommand: string[],
  brokenTest: string,
  extra: {
    setup?: (dir: string) => Promise<void>;
    /** What a user would type for the edited module's tests alone: the first notification's peer. */
    peer?: { name: string; command: string };
  } = {},
): Promise<BenchRow[]> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_testloop_bench_" }));
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]+$/, ""), { recursive: true });
      await Deno.writeTextFile(`${dir}/${path}`, text);
    }
    await extra.setup?.(dir);
    // The whole suite alone in a shell, before and after the loop (the load of a shared machine drifts
    // over minutes; their mean is the baseline, both are printed).
    const fullBefore = await shellMs(shellCommand.join(" "), dir);
    const watch = new Deno.Command("deno", {
      args: [
        "run",
        "-A",
        `${ROOT}/main.ts`,
        "watch",
        "--json",
        "--only",
        "tests",
        "--project",
        dir,
      ],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const lines: Array<{ at: number; event: Record<string, unknown> }> = [];
    const reading = (async () => {
      let buffer = "";
      for await (const chunk of watch.stdout.pipeThrough(new TextDecoderStream())) {
        buffer += chunk;
        let nl;
        while ((nl = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          try {
            lines.push({ at: performance.now(), event: JSON.parse(line) });
          } catch {
            // not an event line
          }
        }
      }
    })();
    const waitFor = async (test: (e: Record<string, unknown>) => boolean, from: number) => {
      const end = performance.now() + 600_000;
      for (;;) {
        const hit = lines.slice(from).find((l) => test(l.event));
        if (hit) return hit.at;
        if (performance.now() > end) throw new Error(`${label}: no matching event in 10 minutes`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    let first: number, final: number, saved: number;
    try {
      await waitFor((e) => e.kind === "state_change" && e.to === "ok", 0);
      const from = lines.length;
      saved = performance.now();
      await Deno.writeTextFile(`${dir}/${leaf}`, broken);
      first = await waitFor(
        (e) =>
          e.kind === "notification" && String(e.title).startsWith("❌") &&
          String(e.text).includes(brokenTest),
        from,
      ) - saved;
      final = await waitFor((e) => e.kind === "state_change" && e.to === "fail", from) - saved;
    } finally {
      watch.kill("SIGINT");
      await watch.status;
      await reading.catch(() => {});
    }
    // Like the run before the loop and like Flux's runs after the save, on content no run has seen.
    await Deno.writeTextFile(`${dir}/${leaf}`, `${broken}${comment(leaf)} shell run after\n`);
    const fullAfter = await shellMs(shellCommand.join(" "), dir);
    const full = (fullBefore + fullAfter) / 2;
    const shells = `shell runs ${(fullBefore / 1000).toFixed(1)} s before, ${
      (fullAfter / 1000).toFixed(1)
    } s after, each on content no run had seen`;
    // The peer is short and the load jumps: the median of three runs. Each runs on a variant of the
    // same broken edit that no run has seen yet (a new comment line), as Flux's run after the save did:
    // deno's type-check cache is cold for it as it was for Flux. The same variant once more shows
    // what a warm cache gives (printed, not the peer).
    const peerRun = async (n: number) => {
      await Deno.writeTextFile(`${dir}/${leaf}`, `${broken}${comment(leaf)} peer run ${n}\n`);
      return await shellMs(extra.peer!.command, dir);
    };
    const peer = extra.peer ? median([await peerRun(1), await peerRun(2), await peerRun(3)]) : null;
    const warm = extra.peer ? await shellMs(extra.peer.command, dir) : null;
    return [
      {
        name: `${label}: save -> first correct failing notification`,
        value: first / 1000,
        unit: "s",
        target: "< 10% of the full suite",
        baseline: { name: "full suite in a shell", value: full / 1000, ratio: first / full },
        met: first < 0.1 * full,
        note: shells,
      },
      {
        name: `${label}: save -> final verdict (whole suite)`,
        value: final / 1000,
        unit: "s",
        target: "< 1.2x the full suite",
        baseline: { name: "full suite in a shell", value: full / 1000, ratio: final / full },
        met: final < 1.2 * full,
        note: `${shells}; flux runs its checks niced (nice 10), the shell runs are not`,
      },
      ...(extra.peer && peer !== null
        ? [{
          name: `${label}: ${extra.peer.name}`,
          value: peer / 1000,
          unit: "s",
          baseline: { name: "full suite in a shell", value: full / 1000, ratio: peer / full },
          note: "the peer of the first notification (the same edit's tests, typed by hand right " +
            "after the save: median of 3, each on a new variant of the edit, so no cache has its " +
            `content, as for Flux's run; the same content again with caches warm: ${
              ((warm ?? 0) / 1000).toFixed(2)
            } s)`,
        }]
        : []),
    ];
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** The line-comment marker of the leaf's language. */
function comment(file: string): string {
  return file.endsWith(".py") ? "#" : "//";
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds `command` takes in a plain shell in `dir` (output discarded, no bytecode written). */
async function shellMs(command: string, dir: string): Promise<number> {
  const start = performance.now();
  await new Deno.Command("sh", {
    args: ["-c", `${command} > /dev/null 2>&1`],
    cwd: dir,
    env: { PYTHONDONTWRITEBYTECODE: "1" },
  }).output();
  return performance.now() - start;
}

/** Bytes of `.flux/sessions.db` per million recorded test results (200 runs of 5,000 tests). */
async function resultsSize(): Promise<BenchRow> {
  const dir = await Deno.makeTempDir({ prefix: "flux_testloop_size_" });
  try {
    const sessions = new SessionManager(dir, { retentionDays: 0 });
    const before = sessions.readTests((h) => h.count());
    for (let r = 0; r < 200; r++) {
      sessions.recordTestRun({
        source: "monitor",
        stage: "full",
        tool: "pytest",
        status: "ok",
        contentHash: crypto.randomUUID().slice(0, 16),
        startedAt: Date.now(),
        durationMs: 20_000,
        cases: Array.from({ length: 5000 }, (_, i) => ({
          id: `tests/test_mod${Math.floor(i / 5)}.py::test_${i % 5}`,
          outcome: i % 997 === 0 ? "failed" as const : "passed" as const,
          durationMs: 20.5,
          ...(i % 997 === 0 ? { message: "assert 3 == 4" } : {}),
        })),
      });
    }
    const rows = sessions.readTests((h) => h.count()) - before;
    sessions.close();
    const bytes = (await Deno.stat(`${dir}/.flux/sessions.db`)).size;
    return {
      name: "test_results size per million results",
      value: Math.round(bytes / rows * 1_000_000 / 1024 / 1024),
      unit: "MB",
      note: `${rows} results written`,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
