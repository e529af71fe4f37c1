/** Go: `go build ./...` errors are `./pkg/file.go:line:col: message` lines under `# package` headers. */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { buildVerdict, formatVerdict } from "./_lint_verdict.ts";
import { relativePath } from "./_util.ts";
import { NO_WRITE } from "./no_write_flags.ts";
import { goFormatScope } from "./format_scope.ts";

/** `go build ./...`, as the user types it (a workflow `build` step: it may write a main package's binary). */
export const goBuild: ToolAdapter = {
  name: "go_build",
  kinds: ["build"],
  invocation: () => ({ cmd: "go", args: ["build", "./..."] }),
  parse: (output: ToolOutput): ToolVerdict => {
    const text = output.stdout + "\n" + output.stderr;
    return buildVerdict("go build", goDiagnostics(text, output.projectDir), output.code, text);
  },
};

/**
 * `go vet ./...`, Go's own linter: type-checks every package, tests included, and reports suspicious code
 * (the lint monitor's Go check). Code that does not compile is reported as `vet: file:line:col: msg`.
 */
export const goVet: ToolAdapter = {
  name: "go_vet",
  kinds: ["lint"],
  invocation: () => ({ cmd: "go", args: ["vet", "./..."] }),
  parse: (output: ToolOutput): ToolVerdict => {
    const text = output.stdout + "\n" + output.stderr;
    return buildVerdict("go vet", goDiagnostics(text, output.projectDir), output.code, text);
  },
};

/**
 * The background check: `go build -o /dev/null ./...` (go discards what it built, so a main package's
 * executable never lands in the project; a scratch folder `-o dir/` fails in Go 1.19 when no package is
 * a main one). `go vet` is the lint check, not part of this one, so that its findings are told once.
 */
export const goCheck: ToolAdapter = {
  name: "go_check",
  kinds: ["typecheck"],
  invocation: () => ({
    cmd: "go",
    args: ["build", "-o", Deno.build.os === "windows" ? "NUL" : "/dev/null", "./..."],
  }),
  parse: goBuild.parse,
};

/**
 * `gofmt -l <dirs>` lists unformatted files; `gofmt -w <dirs>` rewrites them. The folders are the ones the
 * go tool builds (not vendor/, testdata/, or names starting with "." or "_").
 */
export const gofmt: ToolAdapter = {
  name: "gofmt",
  kinds: ["format"],
  invocation: (ctx) => ({
    cmd: "gofmt",
    args: [...(ctx.fix ? ["-w"] : NO_WRITE.gofmt.flags), ...goFormatScope(ctx.projectDir)],
  }),
  parse: (output: ToolOutput): ToolVerdict => {
    const files = output.fix
      ? []
      : output.stdout.split("\n").map((l) => l.trim()).filter((l) => l.endsWith(".go")).map((f) =>
        relativePath(output.projectDir, f)
      );
    return formatVerdict("gofmt", files, output.code, output.stderr, output.fix);
  },
};

/** `./a.go:4:17: undefined: x`; go vet prefixes the type errors of code that does not compile with `vet: `. */
const LINE = /^(?:vet: )?(\.{0,2}\/?[\w./-]+\.go):(\d+)(?::(\d+))?: (.*)$/;

/** Compiler errors in Go's text output. */
export function goDiagnostics(text: string, projectDir: string): Finding[] {
  const findings: Finding[] = [];
  for (const raw of text.split("\n")) {
    const m = LINE.exec(raw.trim());
    if (!m) continue;
    const finding: Finding = {
      file: relativePath(projectDir, m[1]!),
      line: Number(m[2]),
      message: m[4]!.trim(),
      severity: "error",
    };
    if (m[3]) finding.column = Number(m[3]);
    findings.push(finding);
  }
  return findings;
}
