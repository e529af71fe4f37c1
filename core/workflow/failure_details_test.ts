import assert from "node:assert/strict";
import { failureDetails } from "./failure_details.ts";

Deno.test("failureDetails() lists the first 10 failing tests by name and place, then how many more", () => {
  const findings = Array.from({ length: 13 }, (_, i) => ({
    file: "tests/test_auth.py",
    line: i + 1,
    name: `test_case_${i}`,
    message: `AssertionError: case ${i}\nfull traceback`,
    severity: "error",
  }));
  const details = failureDetails({ findings, counts: { total: 40, passed: 25, failed: 15 } });
  assert.equal(details?.kind, "findings");
  assert.equal(details?.lines.length, 11);
  assert.equal(details?.lines[0], "tests/test_auth.py:1 test_case_0: AssertionError: case 0");
  assert.equal(details?.lines[10], "… and 5 more");
});

Deno.test("failureDetails() gives lint findings with rule and column, and a command's last stderr lines", () => {
  const lint = failureDetails({
    findings: [{
      file: "src/a.ts",
      line: 3,
      column: 7,
      name: "no-unused-vars",
      message: "x is unused",
    }],
  });
  assert.deepEqual(lint, { kind: "findings", lines: ["src/a.ts:3:7 no-unused-vars: x is unused"] });
  const stderr = Array.from({ length: 15 }, (_, i) => `line ${i}`).join("\n") + "\n";
  const command = failureDetails({ exitCode: 2, stderrTail: stderr });
  assert.equal(command?.kind, "stderr");
  assert.deepEqual(command?.lines, Array.from({ length: 10 }, (_, i) => `line ${i + 5}`));
  assert.deepEqual(
    failureDetails({ outputTail: "\x1b[31m  FAIL  equal\x1b[39m\r\n  Total: 44\n" }),
    {
      kind: "output",
      lines: ["  FAIL  equal", "  Total: 44"],
    },
  );
  assert.equal(failureDetails({ exitCode: 1 }), undefined);
  assert.equal(failureDetails(undefined), undefined);
});
