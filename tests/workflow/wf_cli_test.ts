/** End-to-end: the `flux wf` command line on temp projects, as a user runs it. */
import { assert, assertEquals, assertMatch } from "./_assert.ts";
import { FLUX_ROOT, makeProject, processesMatching, standIns, uniqueSeconds } from "./_helpers.ts";
import { parse } from "../../core/deps/yaml.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { SEED_WORKFLOWS_YAML } from "./_seed_examples.ts";
import { pathExists } from "../../core/fs/path_exists.ts";

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

async function flux(dir: string, args: string[]): Promise<Cli> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `${FLUX_ROOT}/main.ts`, "--project", dir, ...args],
    env: { PATH: `${dir}/bin:${Deno.env.get("PATH") ?? ""}`, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** A Deno project with the seed's workflows file, local scripts for deploy/cleanup/rollback and stand-ins. */
async function seedProject(): Promise<string> {
  return await makeProject({
    ".flux/workflows.yaml": SEED_WORKFLOWS_YAML,
    "deno.json": "{}\n",
    "math_test.ts": 'Deno.test("adds", () => {\n  if (1 + 1 !== 2) throw new Error("math");\n});\n',
    "deploy.sh": '#!/bin/sh\necho "deployed to $1" >> deploy.log\n',
    "cleanup.sh": "#!/bin/sh\necho cleaned >> cleanup.log\n",
    "rollback.sh": "#!/bin/sh\necho rolled back >> rollback.log\n",
    ...standIns(["npm", "curl", "ruff", "pytest", "slack-cli"]),
  });
}

Deno.test("flux wf run deploy-staging runs the seed example unchanged and records the run", async () => {
  const dir = await seedProject();
  try {
    const run = await flux(dir, ["wf", "run", "deploy-staging"]);
    assertEquals(run.code, 0, run.stderr + run.stdout);
    const lines = run.stdout.trim().split("\n");
    assertMatch(lines.at(-1)!, /^✅ Workflow 'deploy-staging' completed in \d+\.\ds$/);
    for (const step of ["run_tests", "build", "deploy", "verify", "notify"]) {
      assert(
        lines.some((l) => new RegExp(`^✓ \\[\\d/5\\] ${step} \\(\\d+\\.\\ds\\)$`).test(l)),
        `${step} passed:\n${run.stdout}`,
      );
    }
    assert(run.stdout.includes("stand-in npm run build"));
    assert(run.stdout.includes("stand-in curl https://staging.example.com/health"));
    assert(run.stdout.includes("✅ Deployed to staging successfully!"));
    assertEquals(await Deno.readTextFile(`${dir}/deploy.log`), "deployed to staging\n");
    const store = new SessionManager(dir);
    try {
      const [event] = store.recentEvents({ types: [EventType.WORKFLOW] });
      const data = event?.data as { workflow: string; success: boolean; steps: unknown[] };
      assertEquals([data.workflow, data.success, data.steps.length], ["deploy-staging", true, 5]);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux wf run full-validation runs the seed example: parallel checks, else branch, on_success", async () => {
  const dir = await seedProject();
  try {
    const run = await flux(dir, ["wf", "run", "full-validation"]);
    assertEquals(run.code, 0, run.stderr + run.stdout);
    assert(
      run.stderr.includes(
        '.flux/workflows.yaml:47:20 warning: "params.condition" of step "deploy_if_tests_pass"',
      ),
    );
    assert(run.stdout.includes("stand-in ruff check ."));
    assert(run.stdout.includes("⚠️ Tests failed, skipping deployment"));
    assertEquals(await Deno.readTextFile(`${dir}/cleanup.log`), "cleaned\n");
    assertEquals(await pathExists(`${dir}/deploy.log`), false);
    assertEquals(await pathExists(`${dir}/rollback.log`), false);
    assertMatch(
      run.stdout.trim().split("\n").at(-1)!,
      /^✅ Workflow 'full-validation' completed in/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux wf run exits 1 with the failure line, and --json prints the result", async () => {
  const dir = await seedProject();
  try {
    await Deno.writeTextFile(
      `${dir}/deploy.sh`,
      "#!/bin/sh\necho 'no route to staging' >&2\nexit 4\n",
    );
    const run = await flux(dir, ["wf", "run", "deploy-staging"]);
    assertEquals(run.code, 1);
    assertEquals(
      run.stdout.trim().split("\n").at(-1)!.replace(/\d+\.\ds/, "Xs"),
      `❌ Workflow 'deploy-staging' failed after Xs: Step "deploy" failed: exit code 4`,
    );
    const json = await flux(dir, ["wf", "run", "deploy-staging", "--json"]);
    assertEquals(json.code, 1);
    const result = JSON.parse(json.stdout);
    assertEquals(result.success, false);
    assertEquals(
      result.results.map((r: { step: string; status: string }) => `${r.step}:${r.status}`),
      [
        "run_tests:success",
        "build:success",
        "deploy:failed",
        "verify:skipped",
        "notify:skipped",
      ],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux --incognito wf run records nothing in the session store", async () => {
  const dir = await makeProject({
    ".flux/workflows.yaml":
      "hi:\n  steps:\n    - name: a\n      step_type: command\n      command: echo hi\n",
  });
  try {
    const run = await flux(dir, ["--incognito", "wf", "run", "hi"]);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(await pathExists(`${dir}/.flux/sessions.db`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux wf show and --dry-run mask declared secrets written in the file", async () => {
  const dir = await makeProject({
    ".flux/secrets": "PASSWORD_VALUE=open-sesame-42\n",
    ".flux/workflows.yaml":
      "login:\n  secrets: [API_KEY]\n  steps:\n    - name: in\n      step_type: command\n      command: login --pass open-sesame-42\n",
  });
  try {
    // The names of secrets are not secret: only their values are masked.
    const shown = await flux(dir, ["wf", "show", "login"]);
    assert(shown.stdout.includes("  secrets (masked): API_KEY\n"), shown.stdout);
    for (
      const args of [["wf", "show", "login"], ["wf", "show", "login", "--json"], [
        "wf",
        "run",
        "login",
        "--dry-run",
      ]]
    ) {
      const run = await flux(dir, args);
      assertEquals(run.code, 0, run.stderr);
      assert(
        !run.stdout.includes("open-sesame-42") && run.stdout.includes("[REDACTED]"),
        run.stdout,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux wf run --dry-run shows the plan and runs nothing", async () => {
  const dir = await seedProject();
  try {
    const run = await flux(dir, ["wf", "run", "deploy-staging", "--dry-run"]);
    assertEquals(run.code, 0);
    assert(
      run.stdout.includes(
        "3. deploy (command): ./deploy.sh staging  [condition step_build_result]",
      ),
    );
    assert(run.stdout.includes("(dry run: nothing was run)"));
    assertEquals(await pathExists(`${dir}/deploy.log`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux wf validate lists every error as file:line:col and exits 2", async () => {
  const dir = await makeProject({
    "bad.yaml":
      "build:\n  timeout: soon\n  steps:\n    - name: a\n      step_type: shell\n    - name: a\n      step_type: command\n",
  });
  try {
    const run = await flux(dir, ["wf", "validate", `${dir}/bad.yaml`]);
    assertEquals(run.code, 2);
    const f = `${dir}/bad.yaml`;
    assertEquals(run.stderr.trim().split("\n"), [
      `${f}:2:12 Field of workflow "build": "timeout" must be a number of seconds between 0 and 604800, not "soon"`,
      `${f}:5:18 Unknown step type "shell" in step "a": use one of condition, parallel, workflow, command, notify, tool`,
      `${f}:6:7 Command step "a" has no "command": add command: <shell command>`,
      `${f}:6:13 Duplicate step name "a" in workflow "build" (first used on line 4): rename one`,
    ]);
    await Deno.mkdir(`${dir}/.flux`);
    await Deno.copyFile(`${dir}/bad.yaml`, `${dir}/.flux/workflows.yaml`);
    const running = await flux(dir, ["wf", "run", "build"]);
    assertEquals(running.code, 2);
    assert(running.stderr.startsWith(".flux/workflows.yaml:2:12 "), running.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux wf run runs a valid workflow or a template while another workflow of the file is broken", async () => {
  const dir = await makeProject({
    "deno.json": "{}\n",
    ".flux/workflows.yaml":
      "broken:\n  steps:\n    - name: x\n      step_type: comand\nhello:\n  steps:\n    - name: hi\n      step_type: command\n      command: echo hi > hi.txt\n",
  });
  try {
    const warning =
      '⚠️  .flux/workflows.yaml:4:18 warning: Unknown step type "comand" in step "x": use one of condition, parallel, workflow, command, notify, tool (workflow "broken" cannot run until it is fixed)';
    const hello = await flux(dir, ["wf", "run", "hello"]);
    assertEquals(hello.code, 0, hello.stderr);
    assertEquals(hello.stderr.trim(), warning);
    assertEquals(await Deno.readTextFile(`${dir}/hi.txt`), "hi\n");
    const template = await flux(dir, ["wf", "run", "quick-check", "--dry-run"]);
    assertEquals(template.code, 0, template.stderr);
    assertEquals(template.stderr.trim(), warning);
    const broken = await flux(dir, ["wf", "run", "broken"]);
    assertEquals(broken.code, 2);
    assertEquals(broken.stderr.trim().split("\n"), [
      '.flux/workflows.yaml:4:18 Unknown step type "comand" in step "x": use one of condition, parallel, workflow, command, notify, tool',
      "flux: 1 error(s) in .flux/workflows.yaml: fix them and run again",
    ]);
    const validate = await flux(dir, ["wf", "validate"]);
    assertEquals(validate.code, 2);
    const list = await flux(dir, ["wf", "list"]);
    assertEquals(list.code, 0);
    assertMatch(list.stdout, /^broken +file +never ran +✗ has errors, cannot run$/m);
    assertMatch(list.stdout, /^hello +file +✓ passed \d\d:\d\d$/m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux wf validate refuses a 200 MB file without reading it", async () => {
  const dir = await makeProject();
  try {
    const file = await Deno.open(`${dir}/big.yaml`, { write: true, create: true });
    await file.truncate(200 * 1024 * 1024);
    file.close();
    const run = await flux(dir, ["wf", "validate", `${dir}/big.yaml`]);
    assertEquals(run.code, 2);
    assertEquals(
      run.stderr.trim(),
      `${dir}/big.yaml:1:1 File is 200.0 MB; a workflows file may be at most 1 MB: split it`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux wf validate says when a step type's plugin is not trusted yet", async () => {
  const dir = await makeProject({
    "plugins/shout/plugin.json": JSON.stringify({
      name: "shout",
      kind: "step",
      step_type: "shout",
      entry: "mod.ts",
      permissions: {},
    }),
    "plugins/shout/mod.ts": "export default { run() { return { success: true }; } };\n",
    ".flux/workflows.yaml": "w:\n  steps:\n    - name: loud\n      step_type: shout\n",
  });
  try {
    const run = await flux(dir, ["wf", "validate"]);
    assertEquals(run.code, 2);
    assertEquals(
      run.stderr.trim(),
      '.flux/workflows.yaml:4:18 Step type "shout" of step "loud" cannot run: plugin "shout" is not trusted yet: run "flux plugins trust shout"',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux wf new copies a template that adapts to the project, and list/show include it", async () => {
  const dir = await makeProject({
    "deno.json": "{}\n",
    ".flux/workflows.yaml": "# my workflows\n",
  });
  try {
    const created = await flux(dir, ["wf", "new", "check", "--from", "quick-check"]);
    assertEquals(created.code, 0, created.stderr);
    const text = await Deno.readTextFile(`${dir}/.flux/workflows.yaml`);
    assert(text.startsWith("# my workflows\n"), text);
    const saved = parse(text) as Record<
      string,
      { description: string; steps: { tool_name: string }[] }
    >;
    assertEquals(saved.check!.steps.map((s) => s.tool_name), ["format", "run_tests"]);
    assertEquals(
      saved.check!.description,
      "Quick check: Format check (deno fmt) → Tests (deno test)",
    );
    const again = await flux(dir, ["wf", "new", "check", "--from", "quick-check"]);
    assertEquals(again.code, 2);
    const bare = await flux(dir, ["wf", "new", "mine"]);
    assertEquals(bare.code, 0, bare.stderr);
    assertMatch(bare.stdout, /from quick-check, the default template: pass --from to pick another/);
    const mine =
      (parse(await Deno.readTextFile(`${dir}/.flux/workflows.yaml`)) as typeof saved).mine;
    assertEquals(mine?.steps.map((s) => s.tool_name), ["format", "run_tests"]);
    const list = JSON.parse((await flux(dir, ["wf", "list", "--json"])).stdout) as {
      name: string;
    }[];
    assertEquals(list.map((w) => w.name), [
      "deploy-staging",
      "fix",
      "pr-ready",
      "quick-check",
      "check",
      "mine",
    ]);
    const show = await flux(dir, ["wf", "show", "check"]);
    assert(show.stdout.includes("1. format (tool): format"), show.stdout);
    const unknown = await flux(dir, ["wf", "show", "nope"]);
    assertEquals(unknown.code, 2);
    assertMatch(unknown.stderr, /^flux: No workflow "nope": use one of/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux wf export --github writes an equivalent GitHub Actions workflow", async () => {
  const dir = await seedProject();
  try {
    const run = await flux(dir, ["wf", "export", "deploy-staging", "--github"]);
    assertEquals(run.code, 0, run.stderr);
    const doc = parse(await Deno.readTextFile(`${dir}/.github/workflows/deploy-staging.yml`)) as {
      jobs: Record<string, { steps: { id?: string; run?: string; if?: string; uses?: string }[] }>;
    };
    const steps = doc.jobs["deploy-staging"]!.steps;
    assertEquals(steps.filter((s) => s.id).map((s) => s.id), [
      "run_tests",
      "build",
      "deploy",
      "verify",
      "notify",
    ]);
    assertEquals(steps.find((s) => s.id === "run_tests")!.run, "deno test -A");
    assertEquals(
      steps.find((s) => s.id === "deploy")!.if,
      "success() && (steps.build.outcome == 'success')",
    );
    assert(steps.some((s) => s.uses === "denoland/setup-deno@v2"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The stop grace (`FLUX_STOP_GRACE_MS`) of the second-Ctrl-C tests: a minute. */
const STOP_GRACE_MS = 60_000;
/** A second Ctrl-C kills at once: about 0.2 s on an idle machine, so 20 s is 100x that and a third of the grace. */
const SECOND_CTRL_C_MS = 20_000;

Deno.test("flux wf run refuses a FLUX_STOP_GRACE_MS that is not whole milliseconds in one line, exit 2", async () => {
  const dir = await makeProject({
    ".flux/workflows.yaml":
      "hi:\n  steps:\n    - name: hi\n      step_type: command\n      command: touch ran\n",
  });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", `${FLUX_ROOT}/main.ts`, "--project", dir, "wf", "run", "hi"],
      env: { FLUX_STOP_GRACE_MS: "2s", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 2, stderr);
    assertEquals(stderr.trim().split("\n").length, 1, stderr);
    assertMatch(stderr, /FLUX_STOP_GRACE_MS is "2s": set it to whole milliseconds/);
    assertEquals(await pathExists(`${dir}/ran`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const twice of [false, true]) {
  Deno.test(`flux wf run stops on ${twice ? "a second Ctrl-C at once" : "Ctrl-C"} and leaves nothing running`, async () => {
    const secs = uniqueSeconds();
    const trap = twice ? "trap '' TERM INT; " : "";
    const dir = await makeProject({
      ".flux/workflows.yaml":
        `long:\n  steps:\n    - name: wait\n      step_type: command\n      command: "${trap}sleep ${secs} & sleep ${secs} & wait"\n`,
    });
    try {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--quiet",
          `${FLUX_ROOT}/main.ts`,
          "--project",
          dir,
          "wf",
          "run",
          "long",
        ],
        // One Ctrl-C would wait the whole stop grace for the trapped sleeps; a minute makes the second
        // Ctrl-C's bound below a margin of 100x over its need (about 0.2 s) and still far from the grace.
        env: { FLUX_STOP_GRACE_MS: String(STOP_GRACE_MS) },
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let seen = "";
      while (!seen.includes("wait …")) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += value;
      }
      while ((await processesMatching(`sleep ${secs}`)).length < 2) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const started = performance.now();
      child.kill("SIGINT");
      if (twice) {
        await new Promise((r) => setTimeout(r, 150));
        child.kill("SIGINT");
      }
      const rest = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          seen += value;
        }
      })();
      const [status, , errText] = await Promise.all([
        child.status,
        rest,
        new Response(child.stderr).text(),
      ]);
      const took = performance.now() - started;
      assertEquals(status.code, 130, seen + errText);
      // The sleeps last minutes. A second Ctrl-C must not wait for the stop grace (a minute here).
      assert(took < (twice ? SECOND_CTRL_C_MS : 60_000), `took ${took} ms`);
      assertEquals(await processesMatching(`sleep ${secs}`), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("flux wf run runs an if: always() clean-up step after Ctrl-C, and a second Ctrl-C stops it", async () => {
  const secs = uniqueSeconds();
  const cleanupSecs = uniqueSeconds();
  const dir = await makeProject({
    ".flux/workflows.yaml": `long:
  steps:
    - name: wait
      step_type: command
      command: sleep ${secs}
    - name: cleanup
      step_type: command
      command: touch cleaning.txt; sleep ${cleanupSecs}
      if: always()
  on_failure:
    - name: rollback
      step_type: command
      command: touch rolled_back
`,
  });
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", `${FLUX_ROOT}/main.ts`, "--project", dir, "wf", "run", "long"],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    const out = new Response(child.stdout).text();
    const err = new Response(child.stderr).text();
    const waitFor = async (needle: string) => {
      while ((await processesMatching(needle)).length === 0) {
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitFor(`sleep ${secs}`);
    child.kill("SIGINT");
    await waitFor(`sleep ${cleanupSecs}`);
    // The clean-up step ran (the file) although the run was stopped.
    while (!(await pathExists(`${dir}/cleaning.txt`))) await new Promise((r) => setTimeout(r, 20));
    assertEquals(await processesMatching(`sleep ${secs}`), []);
    const started = performance.now();
    child.kill("SIGINT");
    const [status, stdout, stderr] = await Promise.all([child.status, out, err]);
    assertEquals(status.code, 130, stdout + stderr);
    assert(performance.now() - started < 60_000, `took ${performance.now() - started} ms`);
    assertEquals(await pathExists(`${dir}/rolled_back`), false);
    assertEquals(await processesMatching(`sleep ${cleanupSecs}`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const twice of [false, true]) {
  Deno.test(`flux wf run stops a running tool step (deno test) on ${twice ? "a second" : "one"} Ctrl-C`, async () => {
    const dir = await makeProject({
      "deno.json": "{}\n",
      // Ignores SIGTERM: one Ctrl-C needs the SIGKILL after the grace period, a second one kills at once.
      "hang_test.ts":
        'Deno.addSignalListener("SIGTERM", () => {});\nDeno.writeTextFileSync("started", "");\n' +
        'Deno.test({ name: "hangs", sanitizeOps: false, fn: () => new Promise((r) => setTimeout(r, 300_000)) });\n',
      ".flux/workflows.yaml":
        "t:\n  steps:\n    - name: tests\n      step_type: tool\n      tool_name: run_tests\n",
    });
    try {
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--quiet", `${FLUX_ROOT}/main.ts`, "--project", dir, "wf", "run", "t"],
        // One Ctrl-C waits the whole grace (3 s, longer than the 2 s default: the setting is read); a second
        // one must not wait a minute's grace.
        env: { FLUX_STOP_GRACE_MS: String(twice ? STOP_GRACE_MS : 3000) },
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const output = Promise.all([
        new Response(child.stdout).text(),
        new Response(child.stderr).text(),
      ]);
      for (let i = 0; i < 2400 && !(await pathExists(`${dir}/started`)); i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      assert((await processesMatching(`${dir}/.flux/tmp`)).length > 0, "deno test started");
      const started = performance.now();
      child.kill("SIGINT");
      if (twice) {
        await new Promise((r) => setTimeout(r, 100));
        child.kill("SIGINT");
      }
      const status = await child.status;
      const took = performance.now() - started;
      const [out, err] = await output;
      assertEquals(status.code, 130, out + err);
      assert(twice ? took < SECOND_CTRL_C_MS : took >= 3000, `took ${took} ms`);
      assertEquals(await processesMatching(`${dir}/.flux/tmp`), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

const hasFormatter = ["ruff", "black"].some((tool) =>
  (Deno.env.get("PATH") ?? "").split(":").some((dir) => {
    try {
      return Deno.statSync(`${dir}/${tool}`).isFile;
    } catch {
      return false;
    }
  })
);

Deno.test({
  name:
    "flux wf run quick-check in a Python project with no formatter shows format failed and still runs pytest",
  ignore: hasFormatter,
  fn: async () => {
    const dir = await makeProject({
      "pytest.ini": "[pytest]\npythonpath = .\n",
      "calc.py": "def add(a, b):\n    return a + b\n",
      "tests/test_calc.py": "from calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    });
    try {
      const passing = await flux(dir, ["wf", "run", "quick-check"]);
      assertEquals(passing.code, 0, passing.stdout + passing.stderr);
      assertMatch(passing.stdout, /format.*No format tool is installed/);
      assertMatch(passing.stdout, /✅ Workflow 'quick-check' completed/);
      await Deno.writeTextFile(`${dir}/calc.py`, "def add(a, b):\n    return a - b\n");
      const failing = await flux(dir, ["wf", "run", "quick-check"]);
      assertEquals(failing.code, 1, failing.stdout + failing.stderr);
      assertMatch(failing.stdout + failing.stderr, /test_add/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
