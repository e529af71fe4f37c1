import { assert, assertEquals, assertMatch } from "./_assert.ts";
import { makeProject, runWorkflow, stepOf } from "./_helpers.ts";
import { pathExists } from "../../core/fs/path_exists.ts";

Deno.test("execute() runs command steps in order and passes {prev_step_result} through the environment", async () => {
  const dir = await makeProject();
  try {
    const { result, lines } = await runWorkflow(dir, {
      name: "chain",
      steps: [
        { name: "first", step_type: "command", command: "echo hello; echo noise >&2" },
        {
          name: "second",
          step_type: "command",
          command: "echo got {prev_step_result} > out.txt; cat out.txt",
        },
        {
          name: "third",
          step_type: "command",
          command: 'echo "[{steps.first.output}] {steps.second.success}"',
        },
      ],
    });
    assertEquals(result.success, true);
    assertEquals(result.workflow, "chain");
    assertEquals(result.results.map((r) => [r.step, r.success]), [
      ["first", true],
      ["second", true],
      ["third", true],
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/out.txt`), "got hello\n");
    assertEquals(stepOf(result, "third").result.output, "[hello] true\n");
    assertEquals(stepOf(result, "first").result.output, "hello\nnoise\n");
    assert(lines.some((l) => l.step === "first" && l.line === "hello"));
    assert(result.elapsed > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() stops after a failed step and reports the failure with its exit code", async () => {
  const dir = await makeProject();
  try {
    const { result } = await runWorkflow(dir, {
      name: "stop",
      steps: [
        { name: "bad", step_type: "command", command: "echo broken >&2; exit 3" },
        { name: "after", step_type: "command", command: "touch after.txt" },
      ],
    });
    assertEquals(result.success, false);
    assertEquals(result.status, "failed");
    assertEquals(stepOf(result, "bad").status, "failed");
    assertEquals((stepOf(result, "bad").result.data as { exitCode: number }).exitCode, 3);
    assertEquals(stepOf(result, "after").status, "skipped");
    assertEquals(result.error, 'Step "bad" failed: exit code 3');
    assertEquals(await pathExists(`${dir}/after.txt`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() names the innermost failure: the step inside a parallel step, a step that timed out", async () => {
  const dir = await makeProject();
  try {
    const { result } = await runWorkflow(dir, {
      name: "inner",
      steps: [{
        name: "checks",
        step_type: "parallel",
        parallel_steps: [
          { name: "fine", step_type: "command", command: "true" },
          { name: "lint", step_type: "command", command: "exit 7" },
        ],
      }],
    });
    assertEquals(stepOf(result, "checks").status, "failed");
    assertEquals(result.error, 'Step "lint" failed: exit code 7');
    const { result: slow } = await runWorkflow(dir, {
      name: "slow",
      steps: [{ name: "nap", step_type: "command", command: "sleep 30", timeout: 0.2 }],
    });
    assertEquals(slow.status, "failed");
    assertEquals(slow.error, 'Step "nap" timed out after 0.2s');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() skips a step whose condition names a failed step and runs it when the step passed", async () => {
  const dir = await makeProject();
  try {
    const { result } = await runWorkflow(dir, {
      name: "cond",
      steps: [
        { name: "ok", step_type: "command", command: "true" },
        { name: "bad", step_type: "command", command: "false", continue_on_error: true },
        {
          name: "when_ok",
          step_type: "command",
          command: "touch when_ok",
          condition: "step_ok_result",
        },
        {
          name: "when_bad",
          step_type: "command",
          command: "touch when_bad",
          condition: "step_bad_result",
        },
      ],
    });
    assertEquals(stepOf(result, "when_ok").status, "success");
    assertEquals(stepOf(result, "when_bad").status, "skipped");
    assertEquals(stepOf(result, "when_bad").result.reason, "its condition is false");
    assertEquals(await pathExists(`${dir}/when_ok`), true);
    assertEquals(await pathExists(`${dir}/when_bad`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() takes the then branch of a true condition and the else branch of a false one", async () => {
  const dir = await makeProject();
  try {
    const { result } = await runWorkflow(dir, {
      name: "branches",
      steps: [
        { name: "tests", step_type: "command", command: "true" },
        {
          name: "yes",
          step_type: "condition",
          params: {
            condition: "step_tests_result",
            then: [{ name: "then1", step_type: "command", command: "touch then1" }],
            else: [{ name: "else1", step_type: "command", command: "touch else1" }],
          },
        },
        {
          name: "no",
          step_type: "condition",
          params: {
            condition: "!step_tests_result",
            then: [{ name: "then2", step_type: "command", command: "touch then2" }],
            else: [{
              name: "else2",
              step_type: "notify",
              params: { message: "tests were {steps.tests.outcome}" },
            }],
          },
        },
      ],
    });
    assertEquals(result.success, true);
    assertEquals(stepOf(result, "yes").result.branch, "then");
    assertEquals(stepOf(result, "no").result.branch, "else");
    assertEquals(await pathExists(`${dir}/then1`), true);
    assertEquals(await pathExists(`${dir}/else1`), false);
    assertEquals(await pathExists(`${dir}/then2`), false);
    assertEquals(stepOf(result, "else2").result.output, "tests were success");
    assertEquals(stepOf(result, "else2").parent, "no");
    assertEquals(result.results.some((r) => r.step === "then2"), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() runs parallel steps at once: each of 8 steps waits for all 8 to have started", async () => {
  const dir = await makeProject();
  try {
    // A barrier instead of a stopwatch: run one after the other, the first step would wait for the others
    // until its timeout; at once, all pass. No wall-clock bound, so a busy machine only makes it slower.
    const { result } = await runWorkflow(dir, {
      name: "par",
      steps: [{
        name: "all",
        step_type: "parallel",
        parallel_steps: Array.from({ length: 8 }, (_, i) => ({
          name: `s${i}`,
          step_type: "command",
          command:
            `touch started.${i}; while [ "$(ls started.* | wc -l)" -lt 8 ]; do sleep 0.05; done`,
          timeout: 60,
        })),
      }],
    });
    assertEquals(result.success, true);
    assertEquals(result.results.filter((r) => r.parent === "all").length, 8);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() shows a continue_on_error failure as failed and goes on", async () => {
  const dir = await makeProject();
  try {
    const { result } = await runWorkflow(dir, {
      name: "coe",
      steps: [
        { name: "flaky", step_type: "command", command: "exit 1", continue_on_error: true },
        { name: "next", step_type: "command", command: "true" },
      ],
    });
    assertEquals(result.success, true);
    const flaky = stepOf(result, "flaky");
    assertEquals([flaky.success, flaky.status, flaky.continued], [false, "failed", true]);
    assertEquals(stepOf(result, "next").status, "success");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() retries a failing step with backoff until it passes", async () => {
  const dir = await makeProject();
  try {
    const started = performance.now();
    const { result, lines } = await runWorkflow(dir, {
      name: "retry",
      steps: [{
        name: "third_time",
        step_type: "command",
        command:
          'n=$(cat count 2>/dev/null || echo 0); n=$((n + 1)); echo $n > count; [ "$n" -ge 3 ]',
        retry: { attempts: 4, backoff: 0.1 },
      }],
    });
    assertEquals(result.success, true);
    assertEquals(stepOf(result, "third_time").result.attempts, 3);
    assertEquals((await Deno.readTextFile(`${dir}/count`)).trim(), "3");
    assert(performance.now() - started >= 300, "waits 0.1 s, then 0.2 s between attempts");
    assertEquals(lines.filter((l) => l.line.startsWith("↻ retrying")).length, 2);
    const { result: gaveUp } = await runWorkflow(dir, {
      name: "retry2",
      steps: [{ name: "never", step_type: "command", command: "exit 1", retry: 2 }],
    });
    assertEquals([gaveUp.success, stepOf(gaveUp, "never").result.attempts], [false, 2]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() times each attempt: a step that times out is retried", async () => {
  const dir = await makeProject();
  try {
    const { result } = await runWorkflow(dir, {
      name: "slow-then-fast",
      steps: [{
        name: "flaky",
        step_type: "command",
        command: "if [ -e tried ]; then echo fast; else touch tried; sleep 5; fi",
        timeout: 0.5,
        retry: { attempts: 2, backoff: 0 },
      }],
    });
    assertEquals(result.success, true, result.error);
    assertEquals(stepOf(result, "flaky").result.attempts, 2);
    assertEquals(stepOf(result, "flaky").result.output, "fast\n");
    const { result: always } = await runWorkflow(dir, {
      name: "always-slow",
      steps: [{ name: "slow", step_type: "command", command: "sleep 5", timeout: 0.3, retry: 2 }],
    });
    assertEquals(stepOf(always, "slow").status, "timed_out");
    assertEquals(stepOf(always, "slow").result.attempts, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() runs on_success after a good run and on_failure after a bad one", async () => {
  const dir = await makeProject();
  try {
    const handlers = {
      on_success: [{ name: "cleanup", step_type: "command", command: "echo ok >> handlers.log" }],
      on_failure: [{
        name: "rollback",
        step_type: "command",
        command: "echo rollback >> handlers.log",
      }],
    };
    const good = await runWorkflow(dir, {
      name: "good",
      steps: [{ name: "a", step_type: "command", command: "true" }],
      ...handlers,
    });
    assertEquals(stepOf(good.result, "cleanup").phase, "on_success");
    assertEquals(good.result.results.some((r) => r.step === "rollback"), false);
    const bad = await runWorkflow(dir, {
      name: "bad",
      steps: [{ name: "a", step_type: "command", command: "false" }],
      ...handlers,
    });
    assertEquals(bad.result.success, false);
    assertEquals(stepOf(bad.result, "rollback").status, "success");
    assertEquals(await Deno.readTextFile(`${dir}/handlers.log`), "ok\nrollback\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() gives an on_failure step the failed step's output as {prev_step_result}", async () => {
  const dir = await makeProject();
  try {
    const handlers = {
      on_success: [{
        name: "celebrate",
        step_type: "command",
        command: 'echo "[{prev_step_result}] {prev_step_success}" > success.txt',
      }],
      on_failure: [{
        name: "report",
        step_type: "command",
        command: 'echo "[{prev_step_result}] {prev_step_success}" > failure.txt',
      }],
    };
    const bad = await runWorkflow(dir, {
      name: "bad",
      steps: [
        { name: "fine", step_type: "command", command: "echo fine" },
        {
          name: "boom",
          step_type: "command",
          command: "echo out-of-boom; echo err-of-boom >&2; exit 3",
        },
        { name: "never", step_type: "command", command: "echo never" },
      ],
      ...handlers,
    });
    assertEquals(bad.result.success, false);
    assertEquals(
      await Deno.readTextFile(`${dir}/failure.txt`),
      "[out-of-boom\nerr-of-boom] false\n",
    );
    const good = await runWorkflow(dir, {
      name: "good",
      steps: [{ name: "last", step_type: "command", command: "echo all done" }],
      ...handlers,
    });
    assertEquals(good.result.success, true);
    assertEquals(await Deno.readTextFile(`${dir}/success.txt`), "[all done] true\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() follows GitHub's if: semantics for success(), failure() and always()", async () => {
  const dir = await makeProject();
  try {
    const { result } = await runWorkflow(dir, {
      name: "ifs",
      steps: [
        { name: "soft", step_type: "command", command: "false", continue_on_error: true },
        { name: "still_ok", step_type: "command", command: "true", if: "success()" },
        { name: "hard", step_type: "command", command: "false" },
        { name: "implicit", step_type: "command", command: "true" },
        { name: "on_fail", step_type: "command", command: "true", if: "failure()" },
        { name: "always", step_type: "command", command: "true", if: "${{ always() }}" },
        { name: "only_ok", step_type: "command", command: "true", if: "success()" },
        {
          name: "soft_seen",
          step_type: "command",
          command: "true",
          if: "always() && steps.soft.failed",
        },
      ],
    });
    const status = Object.fromEntries(result.results.map((r) => [r.step, r.status]));
    assertEquals(status, {
      soft: "failed",
      still_ok: "success",
      hard: "failed",
      implicit: "skipped",
      on_fail: "success",
      always: "success",
      only_ok: "skipped",
      soft_seen: "success",
    });
    assertEquals(result.success, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() reports progress with current_step, total_steps, step_name and status", async () => {
  const dir = await makeProject();
  try {
    const { progress } = await runWorkflow(dir, {
      name: "prog",
      steps: [
        { name: "one", step_type: "command", command: "true" },
        { name: "two", step_type: "notify", params: { message: "hi" } },
      ],
    });
    assertEquals(
      progress.map((p) => [p.current_step, p.total_steps, p.step_name, p.status]),
      [[1, 2, "one", "running"], [1, 2, "one", "success"], [2, 2, "two", "running"], [
        2,
        2,
        "two",
        "success",
      ]],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() honours per-step env and cwd", async () => {
  const dir = await makeProject({ "sub/marker.txt": "inside\n" });
  try {
    const { result } = await runWorkflow(dir, {
      name: "envcwd",
      env: { GREETING: "hi" },
      steps: [{
        name: "here",
        step_type: "command",
        command: 'echo "$GREETING $WHO"; cat marker.txt',
        env: { WHO: "you" },
        cwd: "sub",
      }],
    });
    assertEquals(stepOf(result, "here").result.output, "hi you\ninside\n");
    const { result: outside } = await runWorkflow(dir, {
      name: "outside",
      steps: [
        { name: "root", step_type: "command", command: "pwd", cwd: "/" },
        { name: "missing", step_type: "command", command: "pwd", cwd: "nope" },
      ],
    });
    assertEquals(stepOf(outside, "root").result.output, "/\n");
    assertEquals(
      outside.error,
      `Step "missing" failed: Cannot run in "${dir}/nope": it is not a folder: fix "cwd"`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("execute() runs another workflow through a workflow step", async () => {
  const dir = await makeProject();
  try {
    const { buildWorkflowPlan } = await import("../../core/workflow/build_workflow_plans.ts");
    const inner = {
      name: "inner",
      steps: [{ name: "deep", step_type: "command", command: "echo deep" }],
    };
    const plan = buildWorkflowPlan({
      name: "outer",
      steps: [{ name: "call", step_type: "workflow", params: { workflow: "inner" } }],
    }, { others: [inner] });
    const { result } = await runWorkflow(dir, plan);
    assertEquals(result.success, true);
    assertMatch(stepOf(result, "deep").result.output ?? "", /deep/);
    assertEquals(stepOf(result, "deep").parent, "call");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
