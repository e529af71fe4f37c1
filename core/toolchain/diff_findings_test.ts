import { deepEqual } from "node:assert/strict";
import { diffFindings } from "./diff_findings.ts";
import type { Finding } from "./types.ts";

const f401: Finding = {
  file: "auth.py",
  line: 1,
  message: "`os` imported but unused",
  name: "F401",
  severity: "error",
};
const e501: Finding = {
  file: "auth.py",
  line: 9,
  message: "line too long",
  name: "E501",
  severity: "error",
};

Deno.test("diffFindings() reports only issues that were not there before", () => {
  deepEqual(diffFindings([f401], [f401, e501]), { added: [e501], resolved: [] });
});

Deno.test("diffFindings() ignores a line move and reports fixed issues as resolved", () => {
  const moved = { ...f401, line: 3 };
  deepEqual(diffFindings([f401, e501], [moved]), { added: [], resolved: [e501] });
});

Deno.test("diffFindings() counts a second identical issue as new", () => {
  const again = { ...f401, line: 7 };
  deepEqual(diffFindings([f401], [f401, again]), { added: [again], resolved: [] });
});
