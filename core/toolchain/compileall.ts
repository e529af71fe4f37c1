/**
 * python -m compileall: byte-compiles every module to find syntax errors. Bytecode goes to
 * `.flux/tmp/pycache` (PYTHONPYCACHEPREFIX), so the project tree is not written to.
 */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { buildVerdict } from "./_lint_verdict.ts";
import { pythonBin, relativePath } from "./_util.ts";

/** `python3 -m compileall -q .`, skipping VCS, virtualenv, node_modules and .flux directories. */
export const compileall: ToolAdapter = {
  name: "compileall",
  kinds: ["build"],
  invocation: (ctx) => ({
    cmd: pythonBin(ctx.projectDir, "python", "python3"),
    args: [
      "-m",
      "compileall",
      "-q",
      "-x",
      "(^|/)(\\.git|\\.venv|venv|node_modules|\\.flux)(/|$)",
      ".",
    ],
    env: { PYTHONPYCACHEPREFIX: `${ctx.projectDir}/.flux/tmp/pycache` },
  }),
  parse: parseCompileall,
};

/** Reads compileall's `*** Error compiling` blocks. */
export function parseCompileall(output: ToolOutput): ToolVerdict {
  const text = output.stdout + "\n" + output.stderr;
  const findings: Finding[] = [];
  for (const block of text.split(/^\*\*\* Error compiling /m).slice(1)) {
    const file = /^'(.+?)'/.exec(block)?.[1] ?? "";
    const lines = block.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    const message = lines.findLast((l) => /^(Sorry: )?\w*(Error|Exception)\b/.test(l))
      ?.replace(/^Sorry: /, "") ?? lines[lines.length - 1] ?? "cannot compile";
    const line = /line (\d+)/.exec(block)?.[1];
    const finding: Finding = {
      file: relativePath(output.projectDir, file),
      message,
      severity: "error",
    };
    if (line) finding.line = Number(line);
    finding.name = /^(\w+):/.exec(message)?.[1] ?? "SyntaxError";
    findings.push(finding);
  }
  return buildVerdict("compileall", findings, output.code, text);
}
