/**
 * `sandbox:` of a workflow or step: its command and tool steps run in the OS sandbox (bubblewrap) with the
 * project read-only except the declared folders and no network unless granted; bad values are one
 * file:line:col error each. Real `flux wf run` processes, a real 127.0.0.1 server, real pytest.
 */
import { assert, assertEquals } from "./_assert.ts";
import { FLUX_ROOT, makeProject } from "./_helpers.ts";
import { osSandboxProblem } from "../../core/process/os_sandbox.ts";
import { parseWorkflowsText } from "../../core/workflow/parse_workflows_text.ts";
import { buildWorkflowPlans } from "../../core/workflow/build_workflow_plans.ts";
import { describePlan } from "../../core/workflow/describe_plan.ts";

const noSandbox = osSandboxProblem();

async function flux(dir: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `${FLUX_ROOT}/main.ts`, "--project", dir, ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** A server on 127.0.0.1 counting the requests it gets. */
function countingServer() {
  let requests = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    requests++;
    return new Response("hi\n");
  });
  return { port: server.addr.port, requests: () => requests, close: () => server.shutdown() };
}

Deno.test("sandbox: values that cannot work are one file:line:col error each", () => {
  const text = `w:
  sandbox: yes please
  steps:
    - name: a
      step_type: command
      command: "true"
      sandbox:
        write: [/etc]
    - name: b
      step_type: command
      command: "true"
      sandbox:
        write: [dist, ../up]
        network: sometimes
        nework: true
    - name: c
      step_type: notify
      params: { message: hi }
      sandbox: true
    - name: d
      step_type: command
      command: "true"
      sandbox: { write: [.flux] }
`;
  const parsed = parseWorkflowsText(text, "w.yaml");
  const built = buildWorkflowPlans(parsed.value, { file: "w.yaml", locate: parsed.locate });
  assertEquals(built.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`), [
    `w.yaml:2:12 "sandbox" of workflow "w" must be true, false or a mapping with "write" and "network", not "yes please"`,
    `w.yaml:8:16 "/etc" in "sandbox.write" of step "a" leaves the project: name a folder relative to the project`,
    `w.yaml:13:16 "../up" in "sandbox.write" of step "b" leaves the project: name a folder relative to the project`,
    `w.yaml:14:18 "sandbox.network" of step "b" must be true or false, not "sometimes"`,
    `w.yaml:15:9 Unknown field "nework" in "sandbox" of step "b": use write (folders) and network (true or false)`,
    `w.yaml:19:7 "sandbox" does not apply to notify step "c": it confines command and tool steps (and the steps inside parallel and condition steps)`,
    `w.yaml:23:25 ".flux" in "sandbox.write" of step "d" stays read-only: .flux and .git decide what Flux and git run next (use .flux/tmp for scratch files)`,
  ]);
  assertEquals(built.plans.size, 0);
});

Deno.test("sandbox: a workflow's sandbox reaches its nested steps, and a step can opt out", () => {
  const text = `w:
  sandbox: { write: [dist] }
  steps:
    - name: p
      step_type: parallel
      parallel_steps:
        - { name: inner, step_type: command, command: "true" }
    - { name: free, step_type: command, command: "true", sandbox: false }
    - { name: own, step_type: command, command: "true", sandbox: { network: true } }
`;
  const parsed = parseWorkflowsText(text, "w.yaml");
  const plan = buildWorkflowPlans(parsed.value, { file: "w.yaml", locate: parsed.locate }).plans
    .get("w")!;
  assertEquals(plan.steps[0]!.parallel[0]!.sandbox, { write: ["dist"], network: false });
  assertEquals(plan.steps[1]!.sandbox, undefined);
  assertEquals(plan.steps[2]!.sandbox, { write: [], network: true });
  assertEquals(describePlan(plan).slice(1), [
    "  1. p (parallel)",
    "      - inner (command): true  [sandbox writes dist, no network]",
    "  2. free (command): true",
    "  3. own (command): true  [sandbox read-only, network]",
  ]);
});

Deno.test("flux wf validate names a bad sandbox: at its line and exits 2", async () => {
  const dir = await makeProject({
    ".flux/workflows.yaml":
      "w:\n  steps:\n    - name: a\n      step_type: command\n      command: ls\n      sandbox: { write: /home }\n",
  });
  try {
    const run = await flux(dir, ["wf", "validate"]);
    assertEquals(run.code, 2, run.stderr);
    assertEquals(run.stderr.trim().split("\n"), [
      `.flux/workflows.yaml:6:25 "/home" in "sandbox.write" of step "a" leaves the project: name a folder relative to the project`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    `flux wf run with sandbox: writes only the declared folder, never connects, and a step may opt out${
      noSandbox ? ` (ignored: ${noSandbox})` : ""
    }`,
  ignore: noSandbox !== undefined,
  async fn() {
    const server = countingServer();
    const outside = await Deno.makeTempDir({ prefix: "flux_wf_outside_" });
    const fetchUrl =
      `python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${server.port}/')"`;
    const dir = await makeProject({
      ".flux/workflows.yaml": `boxed:
  sandbox:
    write: [dist]
  steps:
    - name: build
      step_type: command
      command: mkdir -p dist && echo built > dist/out.txt
    - name: stray
      step_type: command
      command: echo stray > stray.txt
      continue_on_error: true
    - name: escape
      step_type: command
      command: echo escaped > ${outside}/escaped.txt
      continue_on_error: true
    - name: own_config
      step_type: command
      command: echo "x:" >> .flux/workflows.yaml
      continue_on_error: true
    - name: phone_home
      step_type: command
      command: ${JSON.stringify(fetchUrl)}
      continue_on_error: true
    - name: free
      step_type: command
      command: echo free > free.txt
      sandbox: false
online:
  sandbox: { network: true }
  steps:
    - name: fetch
      step_type: command
      command: ${JSON.stringify(fetchUrl)}
`,
    });
    try {
      const run = await flux(dir, ["wf", "run", "boxed", "--json"]);
      const result = JSON.parse(run.stdout) as {
        success: boolean;
        results: { step: string; success: boolean; result: { details?: { hint?: string } } }[];
      };
      const ok = Object.fromEntries(result.results.map((r) => [r.step, r.success]));
      assertEquals(ok, {
        build: true,
        stray: false,
        escape: false,
        own_config: false,
        phone_home: false,
        free: true,
      }, run.stdout + run.stderr);
      assertEquals(await Deno.readTextFile(`${dir}/dist/out.txt`), "built\n");
      assertEquals(await exists(`${dir}/stray.txt`), false);
      assertEquals(await exists(`${outside}/escaped.txt`), false);
      assert(!(await Deno.readTextFile(`${dir}/.flux/workflows.yaml`)).endsWith("x:\n"));
      assertEquals(server.requests(), 0, "the sandboxed step reached the server");
      // The failed connection comes with why: the step ran without network, and how to grant it; a
      // failure that is not about the network (the read-only write) gets no such line.
      const hints = Object.fromEntries(
        result.results.map((r) => [r.step, r.result.details?.hint]),
      );
      assertEquals(
        hints.phone_home,
        '"phone_home" ran in the OS sandbox without network: if it needs the network, add ' +
          '"network: true" to its sandbox: (flux help workflows, "sandbox:")',
      );
      assertEquals(hints.stray, undefined);
      assertEquals(await Deno.readTextFile(`${dir}/free.txt`), "free\n");
      // Granted the network, the same program connects (the blocked one was the sandbox, not the test).
      const online = await flux(dir, ["wf", "run", "online"]);
      assertEquals(online.code, 0, online.stdout + online.stderr);
      assertEquals(server.requests(), 1);
    } finally {
      await server.close();
      await Deno.remove(outside, { recursive: true });
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: `flux wf run with sandbox: runs a tool step's tests read-only${
    noSandbox ? ` (ignored: ${noSandbox})` : ""
  }`,
  ignore: noSandbox !== undefined,
  async fn() {
    const dir = await makeProject({
      "pyproject.toml": '[project]\nname = "boxed"\nversion = "0.1.0"\n',
      "test_marker.py": "def test_marker():\n    open('marker.txt', 'w').write('ran')\n",
      ".flux/workflows.yaml":
        "t:\n  sandbox: true\n  steps:\n    - name: tests\n      step_type: tool\n      tool_name: run_tests\n" +
        "free:\n  steps:\n    - name: tests\n      step_type: tool\n      tool_name: run_tests\n",
    });
    try {
      const boxed = await flux(dir, ["wf", "run", "t"]);
      assertEquals(boxed.code, 1, boxed.stdout + boxed.stderr);
      assert(boxed.stdout.includes("Read-only file system"), boxed.stdout);
      assertEquals(await exists(`${dir}/marker.txt`), false);
      const free = await flux(dir, ["wf", "run", "free", "--force"]);
      assertEquals(free.code, 0, free.stdout + free.stderr);
      assertEquals(await Deno.readTextFile(`${dir}/marker.txt`), "ran");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
