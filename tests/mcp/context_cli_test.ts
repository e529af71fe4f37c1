/** `flux context` as a user types it: the agent's JSON within budget, `--explain`, and a bad budget. */
import assert from "node:assert/strict";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { loadTokenCounter } from "../../core/ai/token_counter.ts";
import { makeProject, REPO } from "./_mcp_helpers.ts";

async function flux(dir: string, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `${REPO}/main.ts`, "--project", dir, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("flux context prints the agent's JSON within budget, --explain says why, a bad budget is one line", async () => {
  const dir = await makeProject({});
  try {
    const sessions = new SessionManager(dir);
    sessions.startNewSession();
    for (let i = 0; i < 200; i++) {
      sessions.recordEvent(EventType.COMMAND, { command: `go test ./pkg/${i}/...` });
    }
    sessions.updateTestStatus({
      total: 9,
      passed: 8,
      failed: 1,
      failures: [{ name: "TestParse", file: "parse_test.go", line: 31, message: "want 2, got 3" }],
    });
    sessions.setCurrentTask("Make the parser accept trailing commas");
    sessions.close();

    const json = await flux(dir, "context", "--json", "--max-tokens", "500");
    assert.equal(json.code, 0, json.stderr);
    const text = json.stdout.trimEnd();
    const context = JSON.parse(text);
    const tokenizer = await loadTokenCounter(null);
    assert.ok(tokenizer.count(text) <= 500);
    assert.equal(context.budget.used_tokens, tokenizer.count(text));
    assert.equal(context.current_task, "Make the parser accept trailing commas");
    assert.equal(context.test_status.failures[0].name, "TestParse");
    assert.deepEqual(context.failure_files, ["parse_test.go:31"]);
    assert.match(context.left_out.at(-1), /^\d+ older events left out$/);

    const explain = await flux(dir, "context", "--explain", "--max-tokens", "500");
    assert.equal(explain.code, 0, explain.stderr);
    const lines = explain.stdout.split("\n");
    assert.match(lines[0] ?? "", /^\d+ of 500 tokens used, counted with o200k_base \(js-tiktoken/);
    assert.ok(
      lines.some((l) => /^\+ current_task .*\(the current task \(always kept\)\)$/.test(l)),
    );
    assert.ok(lines.some((l) => /^- activity .*did not fit the budget\)$/.test(l)));
    assert.match(lines.at(-2) ?? "", /^Left out: .*\d+ older events left out$/);

    const bad = await flux(dir, "context", "--max-tokens", "10");
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, "");
    assert.equal(bad.stderr.trim().split("\n").length, 1);
    assert.match(bad.stderr, /max-tokens.*at least 150/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
