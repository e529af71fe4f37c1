/**
 * Go: `go test -json ./...` (the user's `go test ./...` plus the JSON flag) prints one test2json event per
 * line; runTool hands the whole stream over, however large (it is kept in a file, never cut) ({ Action, Package, Test, Output }).
 * Build failures arrive as `file.go:line:col: message` lines on stderr (or `build-output` events in
 * newer Go), and are read like `go build`.
 */
import type { ToolAdapter, ToolOutput, ToolVerdict } from "./tool_adapter.ts";
import type { Finding, TestCase } from "./types.ts";
import { goDiagnostics } from "./go_build.ts";
import { lastLine, plural, testSummary } from "./_util.ts";
import { asRecord, asString } from "./_json.ts";

/** `go test -json ./...` */
export const goTest: ToolAdapter = {
  name: "go_test",
  kinds: ["test"],
  // A selection is by package ("./sub/..." style paths relative to the project), or single tests.
  invocation: (ctx) => ({
    cmd: "go",
    args: ["test", "-json", ...goSelection(ctx.select?.packages, ctx.select?.tests)],
  }),
  selects: ["packages", "tests"],
  parse: parseGoTest,
};

/**
 * The packages and `-run` pattern of a selection. Tests are ids as recorded ("example.com/m/sub::TestX",
 * "example.com/m/sub::TestX/case"): their packages by import path, and the top-level test names
 * (a subtest runs with its parent; go test matches `-run` against top-level names first).
 */
export function goSelection(packages?: string[], tests?: string[]): string[] {
  if (tests && tests.length > 0) {
    const ids = tests.map((id) => id.split("::")).filter((p) => p.length === 2 && p[0] && p[1]);
    const pkgs = [...new Set(ids.map(([pkg]) => pkg!))];
    const names = [...new Set(ids.map(([, name]) => name!.split("/")[0]!))].map(escapeRegExp);
    return [`-run=^(${names.join("|")})$`, ...pkgs];
  }
  return packages ?? ["./..."];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface GoTestState {
  pkg: string;
  test: string;
  outcome: "run" | "pass" | "fail" | "skip";
  output: string[];
}

/** Reads `go test -json` output. Subtests count as tests; a parent of failed subtests is not repeated. */
export function parseGoTest(output: ToolOutput): ToolVerdict {
  const tests = new Map<string, GoTestState>();
  const failedPackages = new Map<string, string[]>();
  const buildOutput: string[] = [];
  for (const line of output.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let event: Record<string, unknown>;
    try {
      event = asRecord(JSON.parse(line));
    } catch {
      continue;
    }
    const action = asString(event.Action);
    const pkg = asString(event.Package) || asString(event.ImportPath);
    const test = asString(event.Test);
    if (action === "build-output") buildOutput.push(asString(event.Output));
    if (!test) {
      if (action === "output") {
        (failedPackages.get(pkg) ?? failedPackages.set(pkg, []).get(pkg)!).push(
          asString(event.Output),
        );
      }
      if (action === "pass" || action === "skip") failedPackages.delete(pkg);
      continue;
    }
    const key = `${pkg}\u0000${test}`;
    const state = tests.get(key) ?? { pkg, test, outcome: "run", output: [] };
    tests.set(key, state);
    if (action === "output") state.output.push(asString(event.Output));
    if (action === "pass" || action === "fail" || action === "skip") state.outcome = action;
  }
  const all = [...tests.values()];
  const leaves = all.filter((t) =>
    !all.some((o) => o.pkg === t.pkg && o.test.startsWith(`${t.test}/`))
  );
  const bad = leaves.filter((t) => t.outcome === "fail");
  const skipped = leaves.filter((t) => t.outcome === "skip").length;
  const findings = bad.map((t) => goTestFinding(t, output.projectDir));
  const compile = goDiagnostics(output.stderr + "\n" + buildOutput.join(""), output.projectDir);
  findings.push(...compile);
  const counts = {
    total: leaves.length,
    passed: leaves.length - bad.length - skipped,
    failed: bad.length,
    skipped,
  };
  if (compile.length > 0 && bad.length === 0) {
    return {
      status: "fail",
      summary: `tests did not compile: ${plural(compile.length, "error")}`,
      findings,
      counts,
    };
  }
  if (output.code !== 0 && findings.length === 0) {
    const why = lastLine(output.stderr) || lastLine(output.stdout) || `exit code ${output.code}`;
    return {
      status: "fail",
      summary: `go test failed: ${why}`,
      findings: [{ message: why, severity: "error" }],
      counts,
    };
  }
  const message = new Map(bad.map((t, i) => [t, findings[i]!.message]));
  const cases: TestCase[] = leaves.map((t) => {
    const c: TestCase = {
      id: `${t.pkg}::${t.test}`,
      outcome: t.outcome === "fail"
        ? "failed"
        : t.outcome === "skip"
        ? "skipped"
        : t.outcome === "pass"
        ? "passed"
        : "error",
    };
    const text = message.get(t);
    if (text !== undefined) c.message = text;
    return c;
  });
  return {
    status: bad.length > 0 ? "fail" : "ok",
    summary: testSummary(counts),
    findings,
    counts,
    cases,
  };
}

function goTestFinding(t: GoTestState, projectDir: string): Finding {
  const finding: Finding = { name: t.test, message: "failed", severity: "error" };
  for (const text of t.output) {
    const m = /^\s+([\w.-]+\.go):(\d+): (.*)$/.exec(text.replace(/\n$/, ""));
    if (!m) continue;
    finding.file = packageFile(projectDir, t.pkg, m[1]!);
    finding.line = Number(m[2]);
    finding.message = m[3]!.trim();
    break;
  }
  if (finding.message === "failed") {
    const panic = t.output.find((o) => /^panic: /.test(o));
    if (panic) finding.message = panic.trim();
  }
  return finding;
}

/** `auth_test.go` of package `example.com/m/sub` is `sub/auth_test.go` when go.mod names `example.com/m`. */
function packageFile(projectDir: string, pkg: string, file: string): string {
  let module = "";
  try {
    module = /^module\s+(\S+)/m.exec(Deno.readTextFileSync(`${projectDir}/go.mod`))?.[1] ?? "";
  } catch {
    // No readable go.mod: keep the file name as Go printed it.
  }
  if (!module || !(pkg === module || pkg.startsWith(`${module}/`))) return file;
  const dir = pkg.slice(module.length + 1);
  return dir ? `${dir}/${file}` : file;
}
