import assert from "node:assert/strict";
import { runTool } from "./run_tool.ts";
import { affectedTests } from "./affected_tests.ts";
import {
  coverageDataPath,
  coverageImportable,
  loadCoverageMap,
  readCoverageData,
  saveCoverageMap,
} from "./python_coverage.ts";
import { pytestPython } from "./pytest.ts";
import {
  COVERAGE_PYTHON,
  DYNAMIC_FILES,
  linkVenvPython,
  NO_COVERAGE,
} from "../../tests/testloop/_coverage_python.ts";
import { makeProject } from "../../tests/monitor/_helpers.ts";

Deno.test("coverageImportable() is false for a python that is not there, and asks once per python", async () => {
  const missing = "/nonexistent/flux-python";
  assert.equal(await coverageImportable(missing, "/"), false);
  assert.equal(await coverageImportable(missing, "/"), false);
});

Deno.test(
  `a whole pytest run under coverage maps a dynamically imported module to its test, and stage 2 selects it only with that map${NO_COVERAGE}`,
  {
    ignore: COVERAGE_PYTHON === null,
  },
  async () => {
    const dir = await makeProject(DYNAMIC_FILES);
    try {
      await linkVenvPython(dir, COVERAGE_PYTHON!);
      assert.equal(pytestPython(dir), `${dir}/.venv/bin/python`);
      assert.equal(await coverageImportable(pytestPython(dir), dir), true);

      // Without coverage data the import graph cannot place pkg/hidden.py: no test is affected.
      assert.deepEqual(await affectedTests(dir, "pytest", ["pkg/hidden.py"]), { kind: "none" });

      const plain = await runTool("test", dir, { tool: "pytest" });
      const data = await coverageDataPath(dir);
      const covered = await runTool("test", dir, { tool: "pytest", coverageData: data });
      assert.deepEqual(covered.command.slice(1, 4), ["-m", "coverage", "run"]);
      assert.equal(covered.status, plain.status);
      assert.equal(covered.summary, plain.summary, "coverage does not change the verdict");
      assert.equal(covered.summary, "3 tests passed");

      const map = readCoverageData(dir, data);
      assert.ok(map);
      assert.deepEqual(map["pkg/hidden.py"], ["tests/test_dyn.py"]);
      assert.deepEqual(map["pkg/plain.py"], ["tests/test_plain.py"]);
      await saveCoverageMap(dir, map);
      assert.deepEqual((await loadCoverageMap(dir))?.files["pkg/hidden.py"], ["tests/test_dyn.py"]);

      assert.deepEqual(await affectedTests(dir, "pytest", ["pkg/hidden.py"]), {
        kind: "some",
        select: { files: ["tests/test_dyn.py"] },
        files: ["tests/test_dyn.py"],
      });
      // The import graph still answers for what it sees; coverage only adds.
      assert.deepEqual(await affectedTests(dir, "pytest", ["pkg/plain.py"]), {
        kind: "some",
        select: { files: ["tests/test_plain.py"] },
        files: ["tests/test_plain.py"],
      });

      // Nothing written outside .flux/tmp: no .coverage, no .coveragerc, no caches.
      const top = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assert.deepEqual(top, [".flux", ".venv", "pkg", "pytest.ini", "tests"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("readCoverageData() is null for a file that is not coverage data", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/x.db`, "not sqlite");
    assert.equal(readCoverageData(dir, `${dir}/x.db`), null);
    assert.equal(readCoverageData(dir, `${dir}/missing.db`), null);
    assert.equal(await loadCoverageMap(dir), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
