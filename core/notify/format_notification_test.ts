import assert from "node:assert/strict";
import { formatNotification, RULE } from "./format_notification.ts";

Deno.test("formatNotification() draws the boxed failure format with analysis and bullets", () => {
  const n = formatNotification({
    monitor: "tests",
    level: "error",
    title: "❌ Tests are now failing!",
    analysis: "test_login: expected 200, got 401",
    analysisSource: "model",
    listTitle: "Failed tests:",
    lines: ["FAILED tests/test_auth.py::test_login - AssertionError"],
    time: new Date("2026-01-02T03:04:05Z"),
  });
  assert.equal(
    n.text,
    [
      RULE,
      "❌ Tests are now failing!",
      RULE,
      "",
      "🤖 AI Analysis:",
      "test_login: expected 200, got 401",
      "",
      "Failed tests:",
      "  • FAILED tests/test_auth.py::test_login - AssertionError",
      "",
      RULE,
    ].join("\n"),
  );
  assert.equal(n.time, "2026-01-02T03:04:05.000Z");
  assert.equal(RULE.length, 60);
});

Deno.test("formatNotification() labels an analysis no model wrote as the built-in one, never as AI", () => {
  for (const source of ["builtin", undefined] as const) {
    const n = formatNotification({
      monitor: "tests",
      level: "error",
      title: "❌ Tests are now failing!",
      analysis: "test_login: expected 200, got 401",
      ...(source ? { analysisSource: source } : {}),
    });
    assert.doesNotMatch(n.text, /🤖|AI Analysis/);
    assert.match(n.text, /^🔎 Analysis \(built-in rules, no AI\):$/m);
    assert.equal(n.analysisSource, "builtin");
  }
});

Deno.test("formatNotification() draws good news as a title between two rules", () => {
  const n = formatNotification({
    monitor: "tests",
    level: "success",
    title: "✅ Tests are now passing!",
  });
  assert.equal(n.text, `${RULE}\n✅ Tests are now passing!\n${RULE}`);
});

Deno.test("formatNotification() prints inline notices without a box", () => {
  const n = formatNotification({
    monitor: "file_changes",
    level: "info",
    title: "📝 1 file changed: auth.py",
    inline: true,
  });
  assert.equal(n.text, "📝 1 file changed: auth.py");
});

Deno.test("formatNotification() shortens long lists", () => {
  const lines = Array.from({ length: 14 }, (_, i) => `issue ${i}`);
  const n = formatNotification({ monitor: "lint", level: "warning", title: "t", lines });
  assert.match(n.text, /• issue 8\n {2}• \.\.\. and 5 more/);
  assert.equal(n.lines.length, 14);
});
