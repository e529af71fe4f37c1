/**
 * Seeded faults: a generated pytest project of 100 modules in chains of ten (each module builds on the one
 * before it) with one tiny test each, a test file per chain; 50 single-file faults (40 in modules, 10 in
 * test files) saved one after the other. After each save the widening loop's final verdict (status and failing tests) must
 * equal what `python3 -m pytest` says in a plain shell for that same tree (a copy of it, run beside the
 * loop so that the two do not wait for each other).
 */
import assert from "node:assert/strict";
import { makeProject, processesIn, watchProject } from "../monitor/_helpers.ts";
import { LEAN_PYTEST_INI, next, stage } from "./_stages.ts";

const MODULES = 100;
const CHAIN = 10;

function moduleText(i: number, delta = 1): string {
  const name = `v${String(i).padStart(3, "0")}`;
  if (i % CHAIN === 0) return `def ${name}(x):\n    return x + ${delta}\n`;
  const prev = `v${String(i - 1).padStart(3, "0")}`;
  return `from lib.m${String(i - 1).padStart(3, "0")} import ${prev}\n\n\n` +
    `def ${name}(x):\n    return ${prev}(x) + ${delta}\n`;
}

function testLine(i: number, expected = (i % CHAIN) + 1): string {
  const id = String(i).padStart(3, "0");
  return `def test_v${id}():\n    from lib.m${id} import v${id}\n\n    assert v${id}(0) == ${expected}\n`;
}

/** The test file of chain `c`; test `broken` (a module index) expects a wrong value. */
function testFile(c: number, broken = -1): string {
  const lines: string[] = [];
  for (let i = c * CHAIN; i < (c + 1) * CHAIN; i++) {
    lines.push(i === broken ? testLine(i, 99) : testLine(i));
  }
  return lines.join("\n\n");
}

function generate(): Record<string, string> {
  const files: Record<string, string> = {
    "conftest.py": "",
    "pytest.ini": LEAN_PYTEST_INI,
    "lib/__init__.py": "",
  };
  for (let i = 0; i < MODULES; i++) {
    files[`lib/m${String(i).padStart(3, "0")}.py`] = moduleText(i);
  }
  for (let c = 0; c < MODULES / CHAIN; c++) files[`tests/test_chain${c}.py`] = testFile(c);
  return files;
}

/** The 50 faults: [file, faulty text, original text]; a fixed spread over the chains. */
function faults(): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  for (let k = 0; k < 40; k++) {
    const i = (k * 37 + 11) % MODULES;
    const id = String(i).padStart(3, "0");
    out.push([`lib/m${id}.py`, moduleText(i, 2), moduleText(i)]);
  }
  for (let k = 0; k < 10; k++) {
    const i = (k * 53 + 7) % MODULES;
    const c = Math.floor(i / CHAIN);
    out.push([`tests/test_chain${c}.py`, testFile(c, i), testFile(c)]);
  }
  return out;
}

/** The plain-shell verdict: exit status and the FAILED lines of pytest's short summary. */
async function shellVerdict(dir: string): Promise<{ status: string; failed: string[] }> {
  const out = await new Deno.Command("sh", {
    args: ["-c", "python3 -m pytest -q -rf -p no:cacheprovider"],
    cwd: dir,
    env: { PYTHONDONTWRITEBYTECODE: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const failed = [...text.matchAll(/^FAILED (\S+)/gm)].map((m) => m[1]!).sort();
  return { status: out.code === 0 ? "ok" : "fail", failed };
}

Deno.test({
  name:
    "over 50 seeded single-file faults the widening loop's final verdict equals the full suite's",
  // A long test of many real pytest runs; it sanitizes nothing of its own beyond the helpers'.
  async fn() {
    const dir = await makeProject(generate());
    const w = await watchProject(dir, { tests: { interval: 0 } });
    const ev = w.events;
    let early = 0;
    /** Each fault's tree is copied and run in a plain shell beside the loop, one after the other. */
    const shell: Array<Promise<{ file: string; status: string; failed: string[] }>> = [];
    const copies: string[] = [];
    const loops: Array<{ status: string; failed: string[] }> = [];
    try {
      await next(ev, 0, (e) => e.kind === "state_change" && e.to === "ok", "first whole run");
      let previous: [string, string] | null = null;
      for (const [file, faulty, original] of faults()) {
        const from = ev.length;
        // One save: the previous fault undone and the next one made.
        if (previous) Deno.writeTextFileSync(`${dir}/${previous[0]}`, previous[1]);
        Deno.writeTextFileSync(`${dir}/${file}`, faulty);
        previous = [file, original];
        const copy = await makeProject({ ...generate(), [file]: faulty });
        copies.push(copy);
        const before = shell.at(-1) ?? Promise.resolve();
        shell.push(before.then(async () => ({ file, ...await shellVerdict(copy) })));
        // A cycle takes about 2 s on an idle machine; niced under a load of 40 on 2 cores it took over
        // 120 s once, so the wait is generous (a hang fails after 10 min).
        await next(
          ev,
          from,
          stage("full"),
          `the whole suite after the fault in ${file}`,
          600_000,
        );
        const state = w.monitor.getStatus().states.tests!;
        loops.push({ status: state.status, failed: state.items.map((i) => i.name ?? "").sort() });
        const affected = ev.find((e, i) => i >= from && stage("affected")(e));
        if (affected?.to === "fail") early++;
      }
      const shells = await Promise.all(shell);
      for (const [i, loop] of loops.entries()) {
        const { file, ...verdict } = shells[i]!;
        assert.deepEqual(loop, verdict, `verdict after fault ${i + 1}, in ${file}`);
        assert.equal(verdict.status, "fail", `fault ${i + 1} (${file}) breaks a test`);
      }
      assert.equal(loops.length, 50);
      // Every fault breaks a test that imports the faulty file, so stage 2 caught each one early.
      assert.equal(early, 50, "stage 2 reported every fault before the whole suite");
    } finally {
      await w.stop();
      await Promise.allSettled(shell);
      const left = processesIn(dir);
      await Deno.remove(dir, { recursive: true });
      for (const copy of copies) await Deno.remove(copy, { recursive: true });
      assert.deepEqual(left, [], "no process left behind");
    }
  },
});
