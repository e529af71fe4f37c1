/** Black: `black --check .` reports `would reformat <file>` on stderr; `black .` rewrites. */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import { formatVerdict } from "./_lint_verdict.ts";
import { NO_WRITE } from "./no_write_flags.ts";
import { pythonBin, relativePath } from "./_util.ts";

/** black over the project. */
export const black: ToolAdapter = {
  name: "black",
  kinds: ["format"],
  invocation: (ctx) => ({
    cmd: pythonBin(ctx.projectDir, "black"),
    args: ctx.fix ? ["--quiet", "."] : [...NO_WRITE.black.flags, "."],
  }),
  parse: parseBlack,
};

/** Reads black's check output. */
export function parseBlack(output: ToolOutput): ToolVerdict {
  const text = output.stdout + "\n" + output.stderr;
  const files = output.fix
    ? []
    : [...text.matchAll(/^would reformat (.+)$/gm)].map((m) =>
      relativePath(output.projectDir, m[1]!)
    );
  return formatVerdict("black", files, output.code, text, output.fix);
}
