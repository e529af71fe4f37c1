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

/** Whether `name` is an executable file in a PATH folder. */
function onPath(name: string): boolean {
  return (Deno.env.get("PATH") ?? "").split(":").some((dir) => {
    try {
      const info = Deno.statSync(`${dir}/${name}`);
      return dir !== "" && info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0;
    } catch {
      return false;
    }
  });
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
    // What Flux will really run (issue 11 §3): pytest as `python3 -m pytest` (no venv here), the first
    // installed linter and formatter, or the names tried when none is installed.
    type Planned = { kind: string; tool: string; command: string[]; program: string | null };
    const python = report.toolchains[1] as {
      programs: { name: string; path: string | null }[];
      tools: Planned[];
    };
    const test = python.tools.find((t) => t.kind === "test");
    assert.equal(test?.tool, "pytest");
    assert.deepEqual(test?.command.slice(0, 3), ["python3", "-m", "pytest"]);
    const firstOnPath = (names: string[], tried: string) => names.find((n) => onPath(n)) ?? tried;
    const lint = firstOnPath(["ruff", "pylint"], "ruff, pylint");
    const format = onPath("ruff") ? "ruff" : onPath("black") ? "black" : "ruff_format, black";
    assert.deepEqual(python.programs.map((p) => p.name), [...new Set(["python3", lint, format])]);
    for (const p of python.programs) {
      assert.equal(p.path !== null, onPath(p.name), `${p.name}: found exactly when on PATH`);
    }
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
