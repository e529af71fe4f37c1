/** `flux doctor` end to end on temp projects. */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { makeProject } from "./_helpers.ts";

const MAIN = `${import.meta.dirname}/../../main.ts`;

async function doctor(project: string, json: boolean) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      MAIN,
      "--project",
      project,
      "doctor",
      ...(json ? ["--json"] : []),
    ],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  return { code: output.code, stdout: new TextDecoder().decode(output.stdout) };
}

Deno.test("flux doctor reports Deno, worker-options, tools per toolchain, DB health and plugin problems", async () => {
  const temp = await makeProject(["bad-manifest"]);
  try {
    await Deno.writeTextFile(`${temp.project}/pyproject.toml`, "[project]\nname = 'x'\n");
    await Deno.writeTextFile(`${temp.project}/deno.json`, "{}\n");
    await Deno.writeTextFile(`${temp.project}/.flux/sessions.db`, "not a database at all");
    const { code, stdout } = await doctor(temp.project, true);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.deno.version, Deno.version.deno);
    assert.equal(report.unstable.workerOptions, true);
    assert.deepEqual(report.sandbox, {
      ok: true,
      detail: `deno run subprocesses (${Deno.execPath()})`,
    });
    const names = report.toolchains.map((t: { name: string }) => t.name);
    assert.deepEqual(names, ["deno", "python"]);
    const python = report.toolchains[1].programs.map((p: { name: string }) => p.name);
    // The programs Flux will start: pytest and compileall through python3 (no venv here), and the
    // linters and formatters it would try, none installed.
    assert.deepEqual(python, ["python3", "ruff", "pylint", "black"]);
    const test = report.toolchains[1].tools.find((t: { kind: string }) => t.kind === "test");
    assert.deepEqual(test.command.slice(0, 3), ["python3", "-m", "pytest"]);
    assert.equal(report.toolchains[0].programs[0].path !== null, true, "deno is on PATH");
    assert.equal(report.database.ok, false);
    assert.match(report.database.detail, /not a database/);
    assert.ok(
      report.plugins.problems.includes(
        'Cannot load plugin "bad-manifest": .flux/plugins/bad-manifest/plugin.json has no "entry"',
      ),
    );
  } finally {
    await temp.cleanup();
  }
});

Deno.test("flux doctor exits 0 on a healthy project and says the database is ok", async () => {
  const temp = await makeProject(["echo-monitor"]);
  try {
    const db = new DatabaseSync(`${temp.project}/.flux/sessions.db`);
    db.exec("CREATE TABLE t (x)");
    db.close();
    const { code, stdout } = await doctor(temp.project, false);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Flux \S+ on Deno \d+\.\d+\.\d+/);
    assert.match(stdout, /unstable worker-options: on/);
    assert.match(stdout, /\nsandbox: ok: deno run subprocesses \(/);
    assert.match(stdout, /database: .*sessions\.db: integrity check ok/);
    assert.match(stdout, /plugins: \d+ found, 0 problem\(s\)/);
  } finally {
    await temp.cleanup();
  }
});
