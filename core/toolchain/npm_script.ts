/**
 * The project's `test` and `build` scripts when no known runner is behind them, run through the project's
 * package manager (`pnpm run test`): scripts print whatever they like, so the verdict comes from the exit
 * code, with tsc-style and `file:line:col` errors picked out of a build.
 */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { buildVerdict } from "./_lint_verdict.ts";
import { tscDiagnostics } from "./tsc.ts";
import { lastWords, relativePath, stripAnsi } from "./_util.ts";
import { packageManager, readScripts, runScriptCommand } from "./package_manager.ts";

/** The project's `test` script through its package manager, as it is (verdict from the exit code). */
export const npmTest: ToolAdapter = {
  name: "npm_test",
  kinds: ["test"],
  invocation: (ctx) => {
    const manager = packageManager(ctx.projectDir);
    const run = runScriptCommand(manager, "test");
    const hooks = ctx.background && manager === "npm" ? testHooks(ctx.projectDir) : [];
    if (hooks.length === 0) return run;
    // npm runs `pretest` (often a build: dist/, copied files) before the script; a monitor never writes
    // the working tree, so it runs the script alone, as `npm run test --ignore-scripts` does, and says so.
    return {
      ...run,
      args: [...run.args, "--ignore-scripts"],
      note: `${hooks.join(" and ")} not run: it may write files; a workflow step runs it`,
    };
  },
  parse: (output: ToolOutput): ToolVerdict => {
    if (output.code === 0) return { status: "ok", summary: "test script passed", findings: [] };
    const why = lastWords(output.stderr) || lastWords(output.stdout) || `exit code ${output.code}`;
    return {
      status: "fail",
      summary: `test script failed (exit code ${output.code})`,
      findings: [{ message: why, severity: "error" }],
    };
  },
};

/**
 * The project's `build` script through its package manager. Only a workflow `build` step (or a monitor
 * whose config names this tool) runs it: a build script may write anything (dist/, README.md).
 */
export const npmBuild: ToolAdapter = {
  name: "npm_build",
  kinds: ["build"],
  invocation: (ctx) => runScriptCommand(packageManager(ctx.projectDir), "build"),
  parse: (output: ToolOutput): ToolVerdict => {
    const text = stripAnsi(output.stdout + "\n" + output.stderr);
    return buildVerdict("build script", buildErrors(text, output.projectDir), output.code, text);
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

/** The `pretest` and `posttest` scripts of the project's package.json that npm would run around `test`. */
function testHooks(projectDir: string): string[] {
  const scripts = readScripts(projectDir);
  return ["pretest", "posttest"].filter((name) => typeof scripts[name] === "string");
}
