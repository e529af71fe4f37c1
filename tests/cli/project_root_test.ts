/** Root discovery: every command started in a subfolder works on the same project as from its root. */
import "../_trust_test_projects.ts";
import assert from "node:assert/strict";
import { runProcess } from "../../core/process/run_process.ts";
import { findProjectRoot, projectRootOf } from "../../core/fs/find_project_root.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { WorkflowManager } from "../../core/workflow/workflow_manager.ts";
import { WorkflowExecutor } from "../../core/workflow/workflow_executor.ts";

const FLUX = new URL("../../main.ts", import.meta.url).pathname;

function flux(cwd: string, args: string[], env: Record<string, string> = {}) {
  return runProcess(Deno.execPath(), ["run", "-A", "--quiet", FLUX, ...args], {
    cwd,
    env: { NO_COLOR: "1", ...env },
    timeoutMs: 60_000,
  });
}

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const file = `${root}/${path}`;
    await Deno.mkdir(file.slice(0, file.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(file, text);
  }
}

/** A git repository holding a deno project with one user workflow and a nested source folder. */
async function repo(): Promise<string> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-root-" }));
  await write(root, {
    "deno.json": "{}\n",
    "src/pkg/math_test.ts": 'Deno.test("adds", () => {});\n',
    "tests/unit/.keep": "",
    ".flux/workflows.yaml":
      "hello:\n  description: say hi\n  steps:\n    - name: say\n      step_type: command\n      command: echo hi\n",
  });
  await runProcess("git", ["init", "-q"], { cwd: root, timeoutMs: 30_000 });
  return root;
}

Deno.test("every command run from a subfolder sees the session, workflows and toolchain of the root", async () => {
  const root = await repo();
  try {
    const run = await flux(root, ["wf", "run", "hello"]);
    assert.equal(run.code, 0, run.stderr);
    const fromRoot = {
      doctor: JSON.parse((await flux(root, ["doctor", "--json"])).stdout),
      sessions: JSON.parse((await flux(root, ["session", "list", "--json"])).stdout),
      workflows: (await flux(root, ["wf", "list"])).stdout,
    };
    assert.equal(fromRoot.sessions.length, 1);
    assert.match(fromRoot.workflows, /^hello\s+file\s+✓ passed \d\d:\d\d\s+say hi$/m);
    for (const sub of ["src/pkg", "tests/unit", ".flux"]) {
      const cwd = `${root}/${sub}`;
      const doctor = JSON.parse((await flux(cwd, ["doctor", "--json"])).stdout);
      assert.equal(doctor.project, root, sub);
      assert.deepEqual(doctor.toolchains, fromRoot.doctor.toolchains, sub);
      const sessions = JSON.parse((await flux(cwd, ["session", "list", "--json"])).stdout);
      assert.deepEqual(sessions.map((s: { id: string }) => s.id), [fromRoot.sessions[0].id], sub);
      assert.equal((await flux(cwd, ["wf", "list"])).stdout, fromRoot.workflows, sub);
    }
    const again = await flux(`${root}/src/pkg`, ["wf", "run", "hello"]);
    assert.equal(again.code, 0, again.stderr);
    const after = JSON.parse((await flux(root, ["session", "list", "--json"])).stdout);
    assert.equal(after.length, 1, "the run from src/pkg went to the same session");
    for (const sub of ["src", "src/pkg", "tests", "tests/unit"]) {
      await assert.rejects(Deno.stat(`${root}/${sub}/.flux`), Deno.errors.NotFound, sub);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("--project wins over the folder flux was started from", async () => {
  const root = await repo();
  const other = await repo();
  try {
    const doctor = JSON.parse(
      (await flux(`${other}/src`, ["--project", root, "doctor", "--json"])).stdout,
    );
    assert.equal(doctor.project, root);
  } finally {
    await Deno.remove(root, { recursive: true });
    await Deno.remove(other, { recursive: true });
  }
});

Deno.test("flux in a folder with no project, or in the home folder, says so in one line and creates nothing", async () => {
  const home = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-home-" }));
  try {
    await Deno.mkdir(`${home}/notes`);
    for (const cwd of [home, `${home}/notes`]) {
      for (const args of [["doctor"], ["session", "list"], ["wf", "list"]]) {
        const result = await flux(cwd, args, { HOME: home });
        assert.equal(result.code, 2, `${cwd} ${args.join(" ")}: ${result.stdout}`);
        assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
        assert.match(
          result.stderr,
          /No project found in .* run flux inside a project, or pass --project/,
        );
      }
    }
    const named = await flux(home, ["--project", home, "doctor"], { HOME: home });
    assert.equal(named.code, 2);
    assert.match(named.stderr, /does not keep a \.flux\/ in your home folder/);
    await assert.rejects(Deno.stat(`${home}/.flux`), Deno.errors.NotFound);
    await assert.rejects(Deno.stat(`${home}/notes/.flux`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("findProjectRoot() prefers .flux/, then the git root, then the nearest manifest", async () => {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-root-" }));
  try {
    await write(root, { "repo/packages/a/package.json": "{}\n", "repo/packages/a/lib/x.js": "" });
    const lib = `${root}/repo/packages/a/lib`;
    assert.deepEqual(findProjectRoot(lib), { dir: `${root}/repo/packages/a`, kind: "manifest" });
    await Deno.mkdir(`${root}/repo/.git`);
    assert.deepEqual(findProjectRoot(lib), { dir: `${root}/repo`, kind: "git" });
    await Deno.mkdir(`${root}/repo/packages/.flux`);
    assert.deepEqual(findProjectRoot(lib), { dir: `${root}/repo/packages`, kind: "flux" });
    assert.equal(findProjectRoot(root), undefined, "the temp root above is never a project");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the library API opens the project of a subfolder it is given", async () => {
  const root = await repo();
  try {
    assert.equal(projectRootOf(`${root}/src/pkg`), root);
    const sessions = new SessionManager(`${root}/src/pkg`);
    try {
      assert.equal(sessions.projectDir, root);
    } finally {
      sessions.close();
    }
    const workflows = new WorkflowManager(`${root}/tests/unit`);
    assert.equal(workflows.projectDir, root);
    assert.ok((await workflows.listWorkflows()).includes("hello"));
    const lines: string[] = [];
    const executor = new WorkflowExecutor({
      projectDir: `${root}/src/pkg`,
      record: false,
      onOutput: (line) => lines.push(line),
    });
    const run = await executor.execute({
      name: "where",
      steps: [{ name: "pwd", step_type: "command", command: "pwd" }],
    });
    assert.equal(run.success, true);
    assert.deepEqual(lines, [root], "steps run in the project's root");
    await assert.rejects(Deno.stat(`${root}/src/pkg/.flux`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("flux watch lists every config typo with a did-you-mean and exits 2 before starting", async () => {
  const root = await repo();
  try {
    await Deno.writeTextFile(
      `${root}/.flux/config.yaml`,
      "monitors:\n  cooldwn: 5\n  enabled: [tests, lnt]\n  tests:\n    tool: pytst\n" +
        "notify:\n  desktop: maybe\n",
    );
    const result = await flux(`${root}/src`, ["watch", "--json"]);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, "", "nothing started");
    const lines = result.stderr.trim().split("\n");
    assert.deepEqual(lines.map((l) => l.replace(`${root}/`, "")), [
      'flux: .flux/config.yaml:2:3 Unknown monitor or setting "monitors.cooldwn": did you mean "monitors.cooldown"?',
      'flux: .flux/config.yaml:3:20 Unknown monitor "lnt" in monitors.enabled: did you mean "lint"?',
      'flux: .flux/config.yaml:5:11 Unknown tool "pytst" in monitors.tests.tool: did you mean "pytest"?',
      "flux: .flux/config.yaml:7:12 notify.desktop must be true or false",
      "flux: 4 errors in .flux/config.yaml: fix them and run again",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
