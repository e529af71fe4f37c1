import assert from "node:assert/strict";
import { type Action, formatAction, parseAction } from "./action.ts";

const EVERY_ACTION: Action[] = [
  { type: "run_workflow", name: "quick-check" },
  { type: "list_workflows" },
  { type: "check", monitor: "tests" },
  { type: "check", monitor: "lint" },
  { type: "autofix" },
  { type: "ask", question: "pr-ready" },
  { type: "ask", question: "hello" },
  { type: "watch" },
  { type: "watch", monitor: "tests" },
  { type: "unwatch" },
  { type: "unwatch", monitor: "lint" },
  { type: "status" },
  { type: "set_task", text: "Debugging login  authentication" },
  { type: "history" },
  { type: "plugins" },
  { type: "trust_plugin", name: "disk-space" },
  { type: "deny_plugin", name: "disk-space" },
  { type: "help" },
  { type: "quit" },
  { type: "clear" },
  { type: "ask", question: "why are the tests failing?" },
  { type: "ask", question: "/not a command" },
  { type: "ask", question: "wf is what?" },
  { type: "scroll", direction: "up" },
  { type: "scroll", direction: "page_down" },
  { type: "scroll", direction: "top" },
  { type: "focus_next" },
];

Deno.test("parseAction() gives back every action formatAction() wrote (round trip)", () => {
  const workflows = ["pr-ready", "quick-check"];
  for (const action of EVERY_ACTION) {
    assert.deepEqual(parseAction(formatAction(action)), action, formatAction(action));
    assert.deepEqual(
      parseAction(formatAction(action), { workflows }),
      action,
      formatAction(action),
    );
  }
});

Deno.test("parseAction() runs a workflow whose exact name is the whole line; other text is a question", () => {
  const workflows = ["pr-ready", "deploy-staging"];
  assert.deepEqual(parseAction("pr-ready", { workflows }), {
    type: "run_workflow",
    name: "pr-ready",
  });
  assert.deepEqual(parseAction("  deploy-staging ", { workflows }), {
    type: "run_workflow",
    name: "deploy-staging",
  });
  assert.deepEqual(parseAction("pr-ready?", { workflows }), { type: "ask", question: "pr-ready?" });
  assert.deepEqual(parseAction("PR-READY", { workflows }), { type: "ask", question: "PR-READY" });
  assert.deepEqual(parseAction("is pr-ready slow", { workflows }), {
    type: "ask",
    question: "is pr-ready slow",
  });
  assert.deepEqual(parseAction("/ask pr-ready", { workflows }), {
    type: "ask",
    question: "pr-ready",
  });
  assert.deepEqual(parseAction("pr-ready"), { type: "ask", question: "pr-ready" });
});

Deno.test("parseAction() reads /test, /check NAME and /autofix", () => {
  assert.deepEqual(parseAction("/test"), { type: "check", monitor: "tests" });
  assert.deepEqual(parseAction("/check lint"), { type: "check", monitor: "lint" });
  assert.deepEqual(parseAction("flux autofix"), { type: "autofix" });
  assert.deepEqual(parseAction("/autofix"), { type: "autofix" });
  assert.equal(formatAction({ type: "check", monitor: "tests" }), "/test");
  assert.equal(formatAction({ type: "ask", question: "hello" }), "/ask hello");
});

Deno.test("formatAction() is canonical: parse then format gives the canonical text", () => {
  const cases: [string, string][] = [
    ["flux wf run quick-check", "/wf run quick-check"],
    ["wf run quick-check", "/wf run quick-check"],
    ["/wf   run   quick-check", "/wf run quick-check"],
    ["/exit", "/quit"],
    ["  /watch  ", "/watch"],
    ["is the build broken?", "is the build broken?"],
  ];
  for (const [typed, canonical] of cases) assert.equal(formatAction(parseAction(typed)), canonical);
});

Deno.test("parseAction() reads the three spellings of a workflow run the same", () => {
  const expected: Action = { type: "run_workflow", name: "quick-check" };
  assert.deepEqual(parseAction("wf run quick-check"), expected);
  assert.deepEqual(parseAction("flux wf run quick-check"), expected);
  assert.deepEqual(parseAction("/wf run quick-check"), expected);
});

Deno.test("parseAction() treats plain text as a question to the AI", () => {
  assert.deepEqual(parseAction("why is auth.py failing?"), {
    type: "ask",
    question: "why is auth.py failing?",
  });
});

Deno.test("parseAction() keeps the task text as typed after /task", () => {
  assert.deepEqual(parseAction("/task Fix  the login bug"), {
    type: "set_task",
    text: "Fix  the login bug",
  });
});

Deno.test("parseAction() throws a one-line SyntaxError naming the fix when a command is malformed", () => {
  const bad: [string, RegExp][] = [
    ["/wf run", /try wf run NAME/],
    ["/nope", /Unknown command "\/nope": type \/help/],
    ["/task", /needs the task text/],
    ["/status now", /takes no arguments/],
    ["/unwatch a b", /at most one monitor/],
    ["/scroll sideways", /no such direction/],
    ["/check", /needs exactly one monitor: try \/check MONITOR/],
    ["/test now", /takes no arguments/],
    ["/autofix all", /takes no arguments/],
    ["", /Nothing to do/],
  ];
  for (const [line, message] of bad) {
    assert.throws(() => parseAction(line), (error: unknown) => {
      assert.ok(error instanceof SyntaxError);
      assert.match(error.message, message);
      assert.ok(!error.message.includes("\n"));
      return true;
    });
  }
});
