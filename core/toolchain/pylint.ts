/** Pylint: `pylint --output-format=json --recursive=y .` (exit code is a bit mask; 32 = usage error). */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { NO_WRITE } from "./no_write_flags.ts";
import { lintVerdict } from "./_lint_verdict.ts";
import { pythonBin, relativePath } from "./_util.ts";
import { asArray, asNumber, asRecord, asString, parseJsonOutput } from "./_json.ts";

/** pylint over the project directory. */
export const pylint: ToolAdapter = {
  name: "pylint",
  kinds: ["lint"],
  invocation: (ctx) => ({
    cmd: pythonBin(ctx.projectDir, "pylint"),
    args: ["--output-format=json", "--recursive=y", ...NO_WRITE.pylint.flags, "."],
    env: { ...NO_WRITE.pylint.env },
  }),
  parse: parsePylint,
};

const SEVERITY: Record<string, Finding["severity"]> = {
  fatal: "error",
  error: "error",
  warning: "warning",
};

/** Reads pylint's JSON reporter output. */
export function parsePylint(output: ToolOutput): ToolVerdict {
  if (output.code & 32 || (output.code & 1 && output.stdout.trim() === "")) {
    return lintVerdict("pylint", [], output.code, output.stderr);
  }
  const findings = asArray(parseJsonOutput(output.stdout || "[]", "pylint")).map(asRecord).map(
    (m) => {
      const finding: Finding = {
        file: relativePath(output.projectDir, asString(m.path)),
        message: asString(m.message),
        severity: SEVERITY[asString(m.type)] ?? "info",
      };
      const line = asNumber(m.line);
      const column = asNumber(m.column);
      if (line !== undefined) finding.line = line;
      if (column !== undefined) finding.column = column + 1;
      const id = asString(m["message-id"]);
      if (id) finding.name = id;
      return finding;
    },
  );
  return lintVerdict("pylint", findings, output.code, output.stderr);
}
