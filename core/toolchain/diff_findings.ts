/**
 * What changed between two lint runs. Findings are keyed by file + rule + message (not line: moving code
 * does not make an old issue new); duplicates count, so a second identical issue in a file is new.
 */
import { requiredList } from "../api/required.ts";
import type { Finding } from "./types.ts";

/** The issues that appeared and the ones that went away. */
export interface FindingsDiff {
  added: Finding[];
  resolved: Finding[];
}

/** The identity of a finding across runs. */
export function findingKey(finding: Finding): string {
  return JSON.stringify([finding.file ?? "", finding.name ?? "", finding.message]);
}

/** Compares `previous` with `current`. */
export function diffFindings(previous: Finding[], current: Finding[]): FindingsDiff {
  requiredList(
    previous,
    "diffFindings's previous findings",
    "diffFindings(before.findings, after.findings)",
  );
  requiredList(
    current,
    "diffFindings's current findings",
    "diffFindings(before.findings, after.findings)",
  );
  const before = countBy(previous);
  const after = countBy(current);
  const added: Finding[] = [];
  const resolved: Finding[] = [];
  const seen = new Map<string, number>();
  for (const finding of current) {
    const key = findingKey(finding);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > (before.get(key) ?? 0)) added.push(finding);
  }
  seen.clear();
  for (const finding of previous) {
    const key = findingKey(finding);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > (after.get(key) ?? 0)) resolved.push(finding);
  }
  return { added, resolved };
}

function countBy(findings: Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
  return counts;
}
