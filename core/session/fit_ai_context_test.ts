import assert from "node:assert/strict";
import { SessionManager } from "./session_manager.ts";
import { EventType } from "./event_type.ts";
import { estimatedTokenCounter, loadTokenCounter } from "../ai/token_counter.ts";

/**
 * A session as a long day leaves it: a task, two failing tests with traces (the first behind a diff longer
 * than the state keeps), a green run, edits, errors.
 */
async function busyProject(): Promise<{ dir: string; sessions: SessionManager }> {
  const dir = await Deno.makeTempDir({ prefix: "flux_fit_context_" });
  let t = Date.parse("2026-11-25T08:00:00Z");
  const sessions = new SessionManager(dir, { now: () => new Date(t += 1000) });
  sessions.startNewSession();
  for (let i = 0; i < 400; i++) {
    sessions.recordEvent(EventType.COMMAND, {
      command: `deno test src/module_${i}_test.ts --filter case_${i}`,
    });
    if (i % 7 === 0) sessions.recordEvent(EventType.FILE_EDIT, { file: `src/old_${i}.ts` });
  }
  sessions.recordEvent(EventType.TEST_RUN, { status: "ok", total: 12, passed: 12, failed: 0 });
  sessions.recordEvent(EventType.FILE_EDIT, { file: "src/auth.ts" });
  sessions.recordEvent(EventType.FILE_EDIT, { file: "src/token.ts" });
  for (let i = 0; i < 8; i++) {
    sessions.recordError({
      message: `TypeError: cannot read "exp" of undefined ${"x".repeat(300)} #${i}`,
    });
  }
  sessions.updateTestStatus({
    total: 12,
    passed: 10,
    failed: 2,
    failures: [
      {
        name: "validateToken rejects an expired token",
        file: "src/auth_test.ts",
        line: 14,
        message: `AssertionError: Values are not equal ${"expected true, got false ".repeat(80)}
    at file://${dir}/src/auth_test.ts:14:3
    at validateToken (file://${dir}/src/token.ts:42:11)`,
      },
      { name: "login keeps the session", file: "src/login_test.ts", line: 9, message: "boom" },
    ],
  });
  sessions.setCurrentTask(
    `Fix token expiry in the login flow ${"and keep the refresh path ".repeat(60)}`,
  );
  return { dir, sessions };
}

for (const maxTokens of [500, 2000, 8000]) {
  Deno.test(`getContextForAi({ maxTokens: ${maxTokens} }) stays within budget by o200k_base and keeps the task and first failure`, async () => {
    const { dir, sessions } = await busyProject();
    try {
      const tokenizer = await loadTokenCounter(null);
      const context = sessions.getContextForAi({ maxTokens, tokenizer });
      const text = JSON.stringify(context);
      const used = tokenizer.count(text);
      assert.ok(used <= maxTokens, `${used} tokens for a budget of ${maxTokens}`);
      assert.equal(context.budget.used_tokens, used);
      assert.equal(context.budget.tokenizer, "o200k_base");
      assert.equal(context.budget.exact, true);
      assert.ok(context.current_task?.startsWith("Fix token expiry in the login flow"));
      assert.equal(
        context.test_status?.failures?.[0]?.name,
        "validateToken rejects an expired token",
      );
      assert.equal(context.test_status?.failed, 2);
      const keys = Object.keys(context);
      assert.equal(keys[0], "current_task", "the task opens the context");
      assert.equal(keys.at(-1), "test_status", "the failing tests close it");
      // Every event is either in the activity or counted as left out.
      const events = sessions.countEvents(sessions.currentSession().id);
      const older = context.left_out.find((l) => l.endsWith("older events left out"));
      assert.equal(Number(older?.split(" ")[0] ?? 0) + context.recent_activity.length, events);
      if (maxTokens >= 2000) {
        assert.deepEqual(context.failure_files, [
          "src/auth_test.ts:14",
          "src/token.ts:42",
          "src/login_test.ts:9",
        ]);
        assert.deepEqual(context.changed_since_green.files, ["src/token.ts", "src/auth.ts"]);
        assert.ok(context.changed_since_green.since !== null);
      }
    } finally {
      sessions.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("getContextForAi({ maxTokens }) fills a larger budget with more, and says what it left out", async () => {
  const { dir, sessions } = await busyProject();
  try {
    const tokenizer = await loadTokenCounter(null);
    const small = sessions.getContextForAi({ maxTokens: 500, tokenizer });
    const large = sessions.getContextForAi({ maxTokens: 8000, tokenizer });
    assert.ok(large.recent_activity.length > small.recent_activity.length);
    assert.ok(large.budget.used_tokens > 4000, `8000 budget used ${large.budget.used_tokens}`);
    assert.ok(
      small.left_out.some((l) => /^\d+ recent errors left out$/.test(l)),
      small.left_out.join("; "),
    );
  } finally {
    sessions.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("getContextForAi({ maxTokens }) without a tokenizer estimates, and says so", async () => {
  const { dir, sessions } = await busyProject();
  try {
    const context = sessions.getContextForAi({ maxTokens: 1000 });
    assert.equal(context.budget.tokenizer, "estimate");
    assert.equal(context.budget.exact, false);
    assert.ok(estimatedTokenCounter.count(JSON.stringify(context)) <= 1000);
    // The seed's call keeps its shape.
    const seed = sessions.getContextForAi();
    assert.deepEqual(Object.keys(seed), [
      "current_task",
      "active_files",
      "test_status",
      "recent_errors",
      "recent_activity",
    ]);
  } finally {
    sessions.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fitContextForAi() explains each item weighed", async () => {
  const { dir, sessions } = await busyProject();
  try {
    const { choices } = sessions.fitContextForAi({ maxTokens: 500 });
    const task = choices.find((c) => c.section === "current_task");
    assert.equal(task?.included, true);
    assert.equal(task?.reason, "the current task (always kept)");
    assert.ok(choices.some((c) => !c.included && c.reason.endsWith("did not fit the budget")));
  } finally {
    sessions.close();
    await Deno.remove(dir, { recursive: true });
  }
});
