import assert from "node:assert/strict";
import { makeProject, processesIn, watchProject } from "../monitor/_helpers.ts";
import { LEAN_PYTEST_INI, names, next, note, stage } from "./_stages.ts";
import { COVERAGE_PYTHON, DYNAMIC_FILES, linkVenvPython, NO_COVERAGE } from "./_coverage_python.ts";

Deno.test(
  `widening with pytest and coverage: a module reached only through importlib selects its test after a covered whole run${NO_COVERAGE}`,
  {
    ignore: COVERAGE_PYTHON === null,
  },
  async () => {
    const dir = await makeProject(DYNAMIC_FILES);
    await linkVenvPython(dir, COVERAGE_PYTHON!);
    const w = await watchProject(dir, { tests: { interval: 0 } });
    const ev = w.events;
    try {
      const first = await next(
        ev,
        0,
        (e) => e.kind === "state_change" && e.to === "ok",
        "first run",
      );
      assert.equal(ev[first]?.summary, "3 tests passed");
      const map = JSON.parse(await Deno.readTextFile(`${dir}/.flux/tmp/pytest-coverage-map.json`));
      assert.deepEqual(
        map.files["pkg/hidden.py"],
        ["tests/test_dyn.py"],
        "the whole run was covered",
      );

      // The import graph cannot see pkg/hidden.py; the coverage of the first whole run can.
      let from = ev.length;
      await Deno.writeTextFile(`${dir}/pkg/hidden.py`, "def value():\n    return 41\n");
      const affected = await next(ev, from, stage("affected"), "the affected stage");
      assert.equal(ev[affected]?.to, "fail");
      assert.equal(ev[affected]?.summary, "2 tests, 1 failed", "only tests/test_dyn.py ran");
      assert.deepEqual(names(ev[affected]), ["tests/test_dyn.py::test_dyn"]);
      const full = await next(ev, from, stage("full"), "the whole suite");
      assert.ok(affected < full);
      assert.equal(ev[full]?.summary, "3 tests, 1 failed", "the verdict is the whole suite's");
      const again = JSON.parse(
        await Deno.readTextFile(`${dir}/.flux/tmp/pytest-coverage-map.json`),
      );
      assert.equal(again.recordedAt, map.recordedAt, "a fresh map is not recorded again");
      await next(ev, from, note(/^❌ Tests are now failing!$/), "the final verdict");

      // The fix: "now passing" only after the whole suite.
      from = ev.length;
      await Deno.writeTextFile(`${dir}/pkg/hidden.py`, DYNAMIC_FILES["pkg/hidden.py"]);
      const ok = await next(ev, from, note(/^✅ Tests are now passing!$/), "the passing notice");
      const lastFull = ev.findIndex((e, i) => i >= from && stage("full")(e) && e.to === "ok");
      assert.ok(lastFull >= from && ok > lastFull);

      const top = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assert.deepEqual(
        top,
        [".flux", ".venv", "pkg", "pytest.ini", "tests"],
        "nothing written outside .flux",
      );
    } finally {
      await w.stop();
      const left = processesIn(dir);
      await Deno.remove(dir, { recursive: true });
      assert.deepEqual(left, [], "no process left behind");
    }
  },
);

Deno.test("widening with pytest where coverage cannot be imported: the whole run is the plain command, and stage 2 is the import graph alone", async () => {
  const dir = await makeProject({
    ...DYNAMIC_FILES,
    // pytest-cov, where installed, would import the shadowed coverage below.
    "pytest.ini": LEAN_PYTEST_INI.trimEnd() + " -p no:cov\n",
  });
  // The fixture's python is the machine's python3 with a `coverage` on its path that cannot be
  // imported, whatever is installed (the test process's env and PATH stay as they are).
  await shadowCoverage(dir, {
    "__init__.py": 'raise ImportError("no coverage in this fixture")\n',
  });
  const w = await watchProject(dir, { tests: { interval: 0 } });
  const ev = w.events;
  try {
    const first = await next(ev, 0, (e) => e.kind === "state_change" && e.to === "ok", "first run");
    assert.equal(ev[first]?.summary, "3 tests passed");
    const tmp = [...Deno.readDirSync(`${dir}/.flux/tmp`)].map((e) => e.name);
    assert.ok(!tmp.some((n) => n.includes("coverage")), `no coverage recorded: ${tmp.join(", ")}`);

    // pkg/hidden.py is reached only through importlib: without coverage no test is selected for it,
    // and the whole suite still gives the verdict.
    const from = ev.length;
    await Deno.writeTextFile(`${dir}/pkg/hidden.py`, "def value():\n    return 41\n");
    const affected = await next(ev, from, stage("affected"), "the affected stage");
    assert.equal(ev[affected]?.to, "unknown");
    assert.match(ev[affected]?.summary ?? "", /no tests are affected/);
    const full = await next(ev, from, stage("full"), "the whole suite");
    assert.equal(ev[full]?.summary, "3 tests, 1 failed");
    await next(ev, from, note(/^❌ Tests are now failing!$/), "the final verdict");
  } finally {
    await w.stop();
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, [], "no process left behind");
  }
});

Deno.test("a covered whole run that gives no verdict (coverage itself failing) is run again as plain pytest, which gives the verdict", async () => {
  const dir = await makeProject({
    ...DYNAMIC_FILES,
    "pytest.ini": LEAN_PYTEST_INI.trimEnd() + " -p no:cov\n",
  });
  // `import coverage` works, `python -m coverage run ...` fails before pytest starts.
  await shadowCoverage(dir, {
    "__init__.py": "",
    "__main__.py": 'raise SystemExit("coverage is broken in this fixture")\n',
  });
  const w = await watchProject(dir, { tests: { interval: 0 } });
  const ev = w.events;
  try {
    const first = await next(ev, 0, (e) => e.kind === "state_change", "first run");
    assert.equal(ev[first]?.to, "ok");
    assert.equal(ev[first]?.summary, "3 tests passed", "the plain rerun gave the verdict");
    const tmp = [...Deno.readDirSync(`${dir}/.flux/tmp`)].map((e) => e.name);
    assert.ok(!tmp.some((n) => n.includes("coverage")), `no coverage kept: ${tmp.join(", ")}`);
  } finally {
    await w.stop();
    const left = processesIn(dir);
    await Deno.remove(dir, { recursive: true });
    assert.deepEqual(left, [], "no process left behind");
  }
});

/** Gives the fixture a `.venv/bin/python`: the machine's python3 with a `coverage` package of `files` first on its path. */
async function shadowCoverage(dir: string, files: Record<string, string>): Promise<void> {
  const out = await new Deno.Command("sh", { args: ["-c", "command -v python3"] }).output();
  const real = new TextDecoder().decode(out.stdout).trim();
  await Deno.mkdir(`${dir}/.venv/bin`, { recursive: true });
  await Deno.mkdir(`${dir}/.venv/shadow/coverage`, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/.venv/shadow/coverage/${name}`, text);
  }
  await Deno.writeTextFile(
    `${dir}/.venv/bin/python`,
    `#!/bin/sh\nPYTHONPATH="${dir}/.venv/shadow" exec "${real}" "$@"\n`,
  );
  await Deno.chmod(`${dir}/.venv/bin/python`, 0o755);
}
