/** What `/autofix` says, as lines: the TUI's feed and `flux autofix` print the same words. */
import type { AutofixReport } from "./run_autofix.ts";

/** The title and detail lines of `report`. */
export function autofixLines(report: AutofixReport): { title: string; lines: string[] } {
  const failed = report.fixers.filter((f) => !f.ok);
  const lines = report.changed.map((c) => `  M ${c.file}  +${c.added} -${c.removed}`);
  for (const f of failed) {
    const said = f.output.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    const why = said.find((l) => /error|not found/i.test(l)) ?? said[said.length - 1] ?? "";
    lines.push(`  ${f.tool} failed (exit ${f.code})${why ? `: ${why}` : ""}`);
  }
  for (const note of report.notes) lines.push(`  ${note}`);
  const n = report.changed.length;
  const added = report.changed.reduce((sum, c) => sum + c.added, 0);
  const removed = report.changed.reduce((sum, c) => sum + c.removed, 0);
  const title = failed.length > 0
    ? `❌ Autofix: ${failed.map((f) => f.tool).join(", ")} failed; ${
      n === 0 ? "no file changed" : `${n} ${n === 1 ? "file" : "files"} changed`
    }`
    : n > 0
    ? `🔧 Autofix changed ${n} ${n === 1 ? "file" : "files"} (+${added} -${removed}) with ${
      report.fixers.map((f) => f.tool).join(", ")
    }`
    : report.fixers.length > 0
    ? "✅ Autofix: no file changed (what the checks found needs a person)"
    : "✅ Autofix: nothing to fix, no file changed";
  return { title, lines };
}
