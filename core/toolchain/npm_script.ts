/**
 * `npm test` and `npm run build` when no known runner is behind them: npm scripts print whatever they
 * like, so the verdict comes from the exit code, with tsc-style and `file:line:col` errors picked out.
 */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { buildVerdict } from "./_lint_verdict.ts";
import { tscDiagnostics } from "./tsc.ts";
import { lastLine, relativePath } from "./_util.ts";

/** `npm test` (verdict from the exit code). */
export const npmTest: ToolAdapter = {
  name: "npm_test",
  kinds: ["test"],
  invocation: () => ({ cmd: "npm", args: ["test", "--silent"], env: { CI: "1", NO_COLOR: "1" } }),
  parse: (output: ToolOutput): ToolVerdict => {
    if (output.code === 0) return { status: "ok", summary: "npm test passed", findings: [] };
    const why = lastLine(output.stderr) || lastLine(output.stdout) || `exit code ${output.code}`;
    return {
      status: "fail",
      summary: `npm test failed (exit code ${output.code})`,
      findings: [{ message: why, severity: "error" }],
    };
  },
};

/** `npm run build`. */
export const npmBuild: ToolAdapter = {
  name: "npm_build",
  kinds: ["build"],
  invocation: () => ({ cmd: "npm", args: ["run", "build", "--silent"], env: { NO_COLOR: "1" } }),
  parse: (output: ToolOutput): ToolVerdict => {
    const text = output.stdout + "\n" + output.stderr;
    return buildVerdict("npm run build", buildErrors(text, output.projectDir), output.code, text);
  },
};

const COLON =
  /^(?:ERROR in |error: |)([\w./@-]+\.[cm]?[jt]sx?):(\d+):(\d+):?\s*(?:- )?(?:error:? )?(.+)$/;

/** tsc-style errors plus `file.ts:12:3: message` lines (esbuild, vite, webpack). */
function buildErrors(text: string, projectDir: string): Finding[] {
  const findings = tscDiagnostics(text, projectDir);
  for (const line of text.split("\n")) {
    const m = COLON.exec(line.trim());
    if (!m) continue;
    findings.push({
      file: relativePath(projectDir, m[1]!),
      line: Number(m[2]),
      column: Number(m[3]),
      message: m[4]!.trim(),
      severity: "error",
    });
  }
  return findings;
}
