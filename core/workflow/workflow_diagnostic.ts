/** Problems found in a workflows file, each placed by file, line and column (1-based). */
import { requiredList, requiredObject } from "../api/required.ts";

/** One problem; warnings do not stop a run, errors do. */
export interface WorkflowDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: "error" | "warning";
  /** The workflow it belongs to; absent for problems of the whole file (YAML syntax, size). */
  workflow?: string;
}

/** The one-line form: `file:line:col message` (warnings say so after the position). */
export function formatDiagnostic(d: WorkflowDiagnostic): string {
  requiredObject(
    d,
    "formatDiagnostic's diagnostic",
    "formatDiagnostic({ file, line, column, message, severity })",
  );
  const where = `${d.file}:${d.line}:${d.column}`;
  return d.severity === "warning" ? `${where} warning: ${d.message}` : `${where} ${d.message}`;
}

/** Thrown when a workflow cannot run: every error is listed, one per line, in `message`. */
export class WorkflowSyntaxError extends SyntaxError {
  override name = "WorkflowSyntaxError";
  readonly file: string;
  readonly line: number;
  readonly column: number;
  constructor(readonly diagnostics: WorkflowDiagnostic[]) {
    requiredList(
      diagnostics,
      "WorkflowSyntaxError's diagnostics",
      "new WorkflowSyntaxError([{ file, line, column, message, severity }])",
    );
    const errors = diagnostics.filter((d) => d.severity === "error");
    super(errors.map(formatDiagnostic).join("\n") || "Invalid workflow");
    const first = errors[0];
    this.file = first?.file ?? "";
    this.line = first?.line ?? 0;
    this.column = first?.column ?? 0;
  }
}
