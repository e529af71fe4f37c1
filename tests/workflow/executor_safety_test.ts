import { assert, assertEquals } from "./_assert.ts";
import { makeProject, processesMatching, runWorkflow, stepOf, uniqueSeconds } from "./_helpers.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { WorkflowExecutor } from "../../core/workflow/workflow_executor.ts";
import { openPluginRunner } from "../../core/workflow/open_plugin_runner.ts";

Deno.test("execute() stops a step at its timeout with its whole process tree, nothing left after the grace period", async () => {
  const dir = await makeProject();
  const secs = uniqueSeconds();
  try {
    const started = performance.now();
    const { result } = await runWorkflow(dir, {
      name: "step-timeout",
      steps: [
        {
          name: "tree",
          step_type: "command",
          command: `sh -c 'sleep ${secs} & sleep ${secs} & wait'`,
          timeout: 0.5,
        },
        { name: "after", step_type: "command", command: "true" },
      ],
    });
    const took = performance.now() - started;
    assertEquals(stepOf(result, "tree").status, "timed_out");
    assertEquals(stepOf(result, "tree").result.error, "Timed out after 0.5s");
    assertEquals(stepOf(result, "after").status, "skipped");
    assertEquals(result.success, false);
    // The sleeps last minutes: anything under one proves they were stopped (no tighter bound: busy machines).
    assert(took < 60_000, `took ${took} ms`);
    assertEquals(await processesMatching(`sleep ${secs}`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() kills a tree that ignores SIGTERM with SIGKILL after the grace period", async () => {
  const dir = await makeProject();
  const secs = uniqueSeconds();
  try {
    const { result } = await runWorkflow(dir, {
      name: "stubborn",
      steps: [{
        name: "tree",
        step_type: "command",
        command: `trap '' TERM; sleep ${secs} & sleep ${secs} & wait`,
        timeout: 0.3,
      }],
    }, { graceMs: 400 });
    assertEquals(stepOf(result, "tree").status, "timed_out");
    assertEquals(await processesMatching(`sleep ${secs}`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() stops the whole run at the workflow timeout, runs on_failure, and leaves nothing running", async () => {
  const dir = await makeProject();
  const secs = uniqueSeconds();
  try {
    const { result } = await runWorkflow(dir, {
      name: "wf-timeout",
      timeout: 0.5,
      steps: [
        {
          name: "both",
          step_type: "parallel",
          parallel_steps: [
            {
              name: "t1",
              step_type: "command",
              command: `sh -c 'sleep ${secs} & sleep ${secs} & wait'`,
            },
            { name: "t2", step_type: "command", command: `sleep ${secs}` },
          ],
        },
        { name: "later", step_type: "command", command: "touch later" },
        { name: "cleanup_always", step_type: "command", command: "touch always", if: "always()" },
      ],
      on_failure: [{ name: "rollback", step_type: "command", command: "touch rolled_back" }],
    });
    assertEquals(result.status, "timed_out");
    assertEquals(result.error, "Timed out after 0.5s");
    assertEquals(stepOf(result, "t1").status, "cancelled");
    assertEquals(stepOf(result, "later").status, "cancelled");
    assertEquals(stepOf(result, "cleanup_always").status, "success");
    assertEquals(stepOf(result, "rollback").status, "success");
    assert(result.elapsed < 60, `elapsed ${result.elapsed}`);
    assertEquals(await processesMatching(`sleep ${secs}`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() cancels on an aborted signal (Ctrl-C) and leaves nothing running", async () => {
  const dir = await makeProject();
  const secs = uniqueSeconds();
  const controller = new AbortController();
  try {
    setTimeout(() => controller.abort(), 400);
    const { result } = await runWorkflow(dir, {
      name: "ctrl-c",
      steps: [{ name: "long", step_type: "command", command: `sh -c 'sleep ${secs} & wait'` }],
      on_failure: [{ name: "not_on_cancel", step_type: "command", command: "touch nope" }],
    }, { signal: controller.signal });
    assertEquals(result.status, "cancelled");
    assertEquals(stepOf(result, "long").status, "cancelled");
    assertEquals(result.results.some((r) => r.step === "not_on_cancel"), false);
    assertEquals(await processesMatching(`sleep ${secs}`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() after Ctrl-C runs if: always() and cancelled() clean-up steps, not on_failure, and ends cancelled", async () => {
  const dir = await makeProject();
  const secs = uniqueSeconds();
  const controller = new AbortController();
  try {
    setTimeout(() => controller.abort(), 400);
    const { result } = await runWorkflow(dir, {
      name: "ctrl-c-cleanup",
      steps: [
        { name: "long", step_type: "command", command: `sleep ${secs}` },
        { name: "later", step_type: "command", command: "touch later" },
        { name: "cleanup", step_type: "command", command: "touch cleaned", if: "always()" },
        { name: "on_cancel", step_type: "command", command: "touch noted", if: "cancelled()" },
        { name: "on_fail", step_type: "command", command: "touch failed", if: "failure()" },
      ],
      on_failure: [{ name: "rollback", step_type: "command", command: "touch rolled_back" }],
    }, { signal: controller.signal });
    assertEquals(result.status, "cancelled");
    assertEquals(result.success, false);
    assertEquals(
      result.results.map((r) => `${r.step}:${r.status}`),
      [
        "long:cancelled",
        "later:cancelled",
        "cleanup:success",
        "on_cancel:success",
        "on_fail:cancelled",
      ],
    );
    const files = await Array.fromAsync(Deno.readDir(dir), (e) => e.name);
    assertEquals(files.sort(), ["cleaned", "noted"]);
    assertEquals(await processesMatching(`sleep ${secs}`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const PAYLOADS = [
  '"; rm -rf ~; "',
  "'; touch pwned1; '",
  "$(touch pwned2)",
  "`touch pwned3`",
  "a\nb; touch pwned4",
  "${HOME}",
];

Deno.test("execute() passes injection strings between steps verbatim and never runs them", async () => {
  for (const payload of PAYLOADS) {
    const dir = await makeProject({ "payload.txt": payload });
    try {
      const { result } = await runWorkflow(dir, {
        name: "inject",
        steps: [
          { name: "source", step_type: "command", command: "cat payload.txt" },
          {
            name: "bare",
            step_type: "command",
            command: "printf '%s' {prev_step_result} > bare.out",
          },
          {
            name: "double",
            step_type: "command",
            command: 'printf "%s" "{steps.source.output}" > double.out',
          },
          {
            name: "single",
            step_type: "command",
            command: "printf '%s' '{steps.source.output}' > single.out",
          },
          { name: "say", step_type: "notify", params: { message: "got {steps.source.output}" } },
        ],
      });
      assertEquals(result.success, true, `payload ${JSON.stringify(payload)}: ${result.error}`);
      for (const file of ["bare.out", "double.out", "single.out"]) {
        assertEquals(
          await Deno.readTextFile(`${dir}/${file}`),
          payload,
          `${file} for ${JSON.stringify(payload)}`,
        );
      }
      assertEquals(stepOf(result, "say").result.output, `got ${payload}`);
      const files = await Array.fromAsync(Deno.readDir(dir), (e) => e.name);
      assertEquals(files.filter((f) => f.startsWith("pwned")), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});

Deno.test("execute() masks declared secrets in output, results, progress lines and the session store", async () => {
  const token = "tok-9f8e7d6c5b4a";
  const apiKey = "key-0a1b2c3d4e5f";
  const dir = await makeProject({ ".flux/secrets": `DEPLOY_TOKEN=${token}\n` });
  const runner = await openPluginRunner(dir, { onWarning: () => {} });
  const lines: string[] = [];
  try {
    const executor = new WorkflowExecutor({
      projectDir: dir,
      runner,
      onOutput: (line) => lines.push(line),
    });
    const result = await executor.execute({
      name: "secret",
      env: { API_KEY: apiKey },
      secrets: ["API_KEY"],
      steps: [
        { name: "leak", step_type: "command", command: 'echo "token=$DEPLOY_TOKEN key=$API_KEY"' },
        { name: "fail", step_type: "command", command: 'echo "$API_KEY" >&2; exit 1' },
      ],
    });
    const text = JSON.stringify(result) + lines.join("\n");
    assertEquals(text.includes(token), false);
    assertEquals(text.includes(apiKey), false);
    assertEquals(stepOf(result, "leak").result.output, "token=[REDACTED] key=[REDACTED]\n");
    assertEquals(result.error, 'Step "fail" failed: exit code 1');
    const store = new SessionManager(dir);
    try {
      const [event] = store.recentEvents({ types: [EventType.WORKFLOW] });
      assertEquals((event?.data as { workflow: string }).workflow, "secret");
    } finally {
      store.close();
    }
    const db = new TextDecoder().decode(await Deno.readFile(`${dir}/.flux/sessions.db`));
    assertEquals(db.includes(token) || db.includes(apiKey), false);
  } finally {
    await runner.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() records every run as a workflow event with each step's outcome and time", async () => {
  const dir = await makeProject();
  const runner = await openPluginRunner(dir, { onWarning: () => {} });
  try {
    const executor = new WorkflowExecutor({ projectDir: dir, runner });
    await executor.execute({
      name: "recorded",
      steps: [
        { name: "a", step_type: "command", command: "true" },
        { name: "b", step_type: "command", command: "false", continue_on_error: true },
        { name: "c", step_type: "command", command: "true", condition: "step_b_result" },
      ],
    });
    const store = new SessionManager(dir);
    try {
      const events = store.recentEvents({ types: [EventType.WORKFLOW] });
      assertEquals(events.length, 1);
      const data = events[0]!.data as {
        workflow: string;
        success: boolean;
        steps: { name: string; status: string; elapsed: number }[];
      };
      assertEquals(data.workflow, "recorded");
      assertEquals(data.success, true);
      assertEquals(data.steps.map((s) => [s.name, s.status]), [["a", "success"], ["b", "failed"], [
        "c",
        "skipped",
      ]]);
      assert(data.steps.every((s) => typeof s.elapsed === "number"));
    } finally {
      store.close();
    }
  } finally {
    await runner.close();
    await Deno.remove(dir, { recursive: true });
  }
});
