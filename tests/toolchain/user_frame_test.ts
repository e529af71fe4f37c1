/**
 * Failures point at the user's own file and frame: a pytest collection error in a project whose pytest is
 * installed in its own `.venv` names the test file, never `.venv/.../_pytest/assertion/rewrite.py`.
 */
import { equal, ok } from "node:assert/strict";
import { runTool } from "../../core/toolchain/run_tool.ts";
import { runProcess } from "../../core/process/run_process.ts";
import { isDependencyPath } from "../../core/toolchain/user_frame.ts";

const python = (await runProcess("sh", ["-c", "command -v python3"], { timeoutMs: 10_000 }))
  .stdout.trim();
const pytestDir = python === "" ? "" : (await runProcess(python, [
  "-c",
  "import os, _pytest; print(os.path.dirname(_pytest.__file__))",
], { timeoutMs: 30_000 })).stdout.trim();

Deno.test({
  name:
    "runTool() names the test file of a pytest collection error, not pytest's own frame in .venv",
  ignore: pytestDir === "",
  fn: async () => {
    const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-frame-" }));
    try {
      const site = `${dir}/.venv/lib/python3/site-packages`;
      await Deno.mkdir(`${dir}/.venv/bin`, { recursive: true });
      await Deno.mkdir(`${dir}/tests`);
      await Deno.mkdir(site, { recursive: true });
      // pytest installed in the project's own virtualenv, as `pip install pytest` into .venv leaves it.
      const copied = await runProcess("cp", ["-r", pytestDir, `${site}/_pytest`], {
        timeoutMs: 60_000,
      });
      equal(copied.code, 0, copied.stderr);
      await Deno.writeTextFile(
        `${dir}/.venv/bin/python`,
        `#!/bin/sh\nPYTHONPATH="$(dirname "$0")/../lib/python3/site-packages" exec ${python} "$@"\n`,
      );
      await Deno.chmod(`${dir}/.venv/bin/python`, 0o755);
      await Deno.writeTextFile(`${dir}/pytest.ini`, "[pytest]\n");
      await Deno.writeTextFile(
        `${dir}/tests/test_bad.py`,
        "import os\n\ndef test_a(:\n    assert 1\n",
      );
      await Deno.writeTextFile(`${dir}/tests/test_ok.py`, "def test_ok():\n    assert True\n");
      const run = await runTool("test", dir);
      equal(run.tool, "pytest");
      equal(run.command[0], `${dir}/.venv/bin/python`);
      const bad = run.findings.find((f) => f.name?.includes("test_bad"));
      ok(bad, run.output);
      equal(bad.file, "tests/test_bad.py", JSON.stringify(bad));
      equal(bad.line, 3);
      equal(bad.message, "SyntaxError: invalid syntax");
      for (const f of run.findings) ok(!isDependencyPath(f.file ?? ""), JSON.stringify(f));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("isDependencyPath() knows installed packages and runtime internals from the user's files", () => {
  for (
    const path of [
      ".venv/lib/python3.12/site-packages/_pytest/assertion/rewrite.py",
      "/usr/lib/python3/dist-packages/_pytest/python.py",
      "node_modules/vitest/dist/index.js",
      "<frozen importlib._bootstrap>",
      "node:internal/process/task_queues",
    ]
  ) ok(isDependencyPath(path), path);
  for (const path of ["tests/test_bad.py", "src/venvy/app.py", "lib/modules/a.js"]) {
    ok(!isDependencyPath(path), path);
  }
});
