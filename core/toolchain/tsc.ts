/**
 * TypeScript: `tsc --noEmit -p . --pretty false` prints one `file(line,col): error TSxxxx: message` per
 * error. `--tsBuildInfoFile` sends the build info an `incremental` or `composite` project writes even
 * with `--noEmit` (tsconfig.tsbuildinfo) to `.flux/tmp` instead of the project.
 */
import { nodeBin } from "./_util.ts";
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { buildVerdict } from "./_lint_verdict.ts";
import { relativePath } from "./_util.ts";
import { NO_WRITE } from "./no_write_flags.ts";

/** The project's own tsc, checking the project's tsconfig.json without emitting. */
export const tsc: ToolAdapter = {
  name: "tsc",
  kinds: ["typecheck", "build"],
  invocation: (ctx) => ({
    cmd: "node",
    requires: nodeBin(ctx.projectDir, "tsc"),
    args: [
      nodeBin(ctx.projectDir, "tsc"),
      ...NO_WRITE.tsc.flags,
      "-p",
      ".",
      "--pretty",
      "false",
      "--tsBuildInfoFile",
      `${ctx.reportFile}.tsbuildinfo`,
    ],
  }),
  parse: (output: ToolOutput): ToolVerdict =>
    buildVerdict(
      "tsc",
      tscDiagnostics(output.stdout, output.projectDir),
      output.code,
      output.stdout,
    ),
};

const LINE = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/;

/** tsc-format diagnostics in `text` (also what many build scripts print). */
export function tscDiagnostics(text: string, projectDir: string): Finding[] {
  const findings: Finding[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    findings.push({
      file: relativePath(projectDir, m[1]!),
      line: Number(m[2]),
      column: Number(m[3]),
      message: m[6]!,
      name: m[5]!,
      severity: m[4] === "error" ? "error" : "warning",
    });
  }
  return findings;
}
