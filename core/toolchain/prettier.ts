/** Prettier: `prettier --check .` lists unformatted files as `[warn] <file>`; `--write` rewrites. */
import { nodeBin } from "./_util.ts";
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import { formatVerdict } from "./_lint_verdict.ts";
import { relativePath } from "./_util.ts";
import { NO_WRITE } from "./no_write_flags.ts";
import { prettierScope } from "./format_scope.ts";

/** The project's own prettier. */
export const prettier: ToolAdapter = {
  name: "prettier",
  kinds: ["format"],
  invocation: (ctx) => ({
    cmd: "node",
    requires: nodeBin(ctx.projectDir, "prettier"),
    args: [
      nodeBin(ctx.projectDir, "prettier"),
      ...(ctx.fix ? ["--write"] : NO_WRITE.prettier.flags),
      ...prettierScope(ctx.projectDir),
    ],
  }),
  parse: parsePrettier,
};

/** Reads prettier's check output (the summary `[warn]` line is not a file). */
export function parsePrettier(output: ToolOutput): ToolVerdict {
  const text = output.stdout + "\n" + output.stderr;
  const files = output.fix ? [] : [...text.matchAll(/^\[warn\] (.+)$/gm)]
    .map((m) => m[1]!.trim())
    .filter((f) => !/^Code style issues/.test(f))
    .map((f) => relativePath(output.projectDir, f));
  return formatVerdict("prettier", files, output.code, text, output.fix);
}
