/** Go: `go build ./...` errors are `./pkg/file.go:line:col: message` lines under `# package` headers. */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding } from "./types.ts";
import { buildVerdict, formatVerdict } from "./_lint_verdict.ts";
import { relativePath } from "./_util.ts";

/** `go build ./...` */
export const goBuild: ToolAdapter = {
  name: "go_build",
  kinds: ["build", "typecheck"],
  invocation: () => ({ cmd: "go", args: ["build", "./..."] }),
  parse: (output: ToolOutput): ToolVerdict => {
    const text = output.stdout + "\n" + output.stderr;
    return buildVerdict("go build", goDiagnostics(text, output.projectDir), output.code, text);
  },
};

/** `gofmt -l .` lists unformatted files; `gofmt -w .` rewrites them. */
export const gofmt: ToolAdapter = {
  name: "gofmt",
  kinds: ["format"],
  invocation: (ctx) => ({ cmd: "gofmt", args: [ctx.fix ? "-w" : "-l", "."] }),
  parse: (output: ToolOutput): ToolVerdict => {
    const files = output.fix
      ? []
      : output.stdout.split("\n").map((l) => l.trim()).filter((l) => l.endsWith(".go")).map((f) =>
        relativePath(output.projectDir, f)
      );
    return formatVerdict("gofmt", files, output.code, output.stderr, output.fix);
  },
};

const LINE = /^(\.{0,2}\/?[\w./-]+\.go):(\d+)(?::(\d+))?: (.*)$/;

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
