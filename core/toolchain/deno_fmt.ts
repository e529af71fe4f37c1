/** deno fmt: `deno fmt --check` lists unformatted files as `from /path/file.ts:` blocks. */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import { formatVerdict } from "./_lint_verdict.ts";
import { relativePath } from "./_util.ts";
import { NO_WRITE } from "./no_write_flags.ts";

/** `deno fmt --check`, or `deno fmt` with `fix`. */
export const denoFmt: ToolAdapter = {
  name: "deno_fmt",
  kinds: ["format"],
  invocation: (ctx) => ({
    cmd: "deno",
    args: ctx.fix
      ? ["fmt", "--quiet", "--permit-no-files"]
      : ["fmt", ...NO_WRITE.deno_fmt.flags, "--permit-no-files"],
  }),
  parse: parseDenoFmt,
};

/** Reads `deno fmt` output. */
export function parseDenoFmt(output: ToolOutput): ToolVerdict {
  const text = output.stdout + "\n" + output.stderr;
  const files = [...text.matchAll(/^from (.+):$/gm)].map((m) =>
    relativePath(output.projectDir, m[1]!)
  );
  return formatVerdict("deno fmt", files, output.code, text, output.fix);
}
