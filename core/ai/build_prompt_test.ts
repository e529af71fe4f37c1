import assert from "node:assert/strict";
import { buildPrompt } from "./build_prompt.ts";

const context = (maxChars: number) => ({
  current_task: "Debugging login authentication",
  active_files: ["auth.py", "login_tests.py"],
  test_status: { total: 15, failed: 3 },
  recent_errors: [{ message: "ImportError: Cannot import 'validate_token'", when: "just now" }],
  recent_activity: [{ type: "file_edit", summary: "auth.py", when: "just now" }],
  budget: maxChars,
});

function size(request: { system: string; messages: { content: string }[] }): number {
  return request.system.length + request.messages.reduce((n, m) => n + m.content.length, 0);
}

Deno.test("buildPrompt() puts the session context, history and question in order", () => {
  const request = buildPrompt({
    task: {
      kind: "question",
      question: "why are the tests failing?",
      history: [
        { role: "assistant", content: "orphan answer" },
        { role: "user", content: "what did I change?" },
        { role: "assistant", content: "auth.py" },
      ],
    },
    context,
    maxChars: 16_000,
  });
  assert.match(request.system, /Session context \(JSON\):\n\{"current_task":"Debugging login/);
  assert.ok(request.system.includes("validate_token"));
  assert.deepEqual(request.messages, [
    { role: "user", content: "what did I change?" },
    { role: "assistant", content: "auth.py" },
    { role: "user", content: "why are the tests failing?" },
  ]);
});

Deno.test("buildPrompt() keeps the whole prompt within the budget, newest history first", () => {
  const history = Array.from({ length: 40 }, (_, i) => ({
    role: i % 2 === 0 ? "user" as const : "assistant" as const,
    content: `message ${i} ${"x".repeat(900)}`,
  }));
  for (const maxChars of [1_000, 4_000, 16_000]) {
    const request = buildPrompt({
      task: { kind: "question", question: "q".repeat(50_000), history },
      context,
      maxChars,
    });
    assert.ok(size(request) <= maxChars, `${size(request)} <= ${maxChars}`);
    const last = request.messages.at(-1)!;
    assert.equal(last.role, "user");
    assert.ok(last.content.startsWith("qqq"));
  }
  const roomy = buildPrompt({
    task: { kind: "question", question: "q", history },
    context,
    maxChars: 8_000,
  });
  assert.ok(roomy.messages.some((m) => m.content.startsWith("message 39")), "the newest is kept");
  assert.ok(
    !roomy.messages.some((m) => m.content.startsWith("message 0 ")),
    "the oldest goes first",
  );
});

Deno.test("buildPrompt() sends a failure's items and the tail of its output", () => {
  const output = `${
    "early noise\n".repeat(5_000)
  }FAILED tests/test_auth.py::test_login - AssertionError`;
  const request = buildPrompt({
    task: {
      kind: "analysis",
      report: {
        monitor: "tests",
        summary: "3 of 15 tests failed",
        items: [{
          name: "test_login",
          message: "AssertionError: expected 200, got 401",
          file: "tests/test_auth.py",
          line: 12,
        }],
        output,
      },
    },
    context,
    maxChars: 6_000,
    maxTokens: 300,
  });
  assert.equal(request.maxTokens, 300);
  const user = request.messages[0]!.content;
  assert.match(user, /The "tests" check is failing: 3 of 15 tests failed/);
  assert.match(
    user,
    /- test_login: AssertionError: expected 200, got 401 \(tests\/test_auth\.py:12\)/,
  );
  assert.ok(user.endsWith("FAILED tests/test_auth.py::test_login - AssertionError"));
  assert.ok(size(request) <= 6_000);
  assert.ok(request.system.includes("Debugging login authentication"));
});
