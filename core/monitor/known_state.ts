/**
 * What Flux knows about the project without a model: each monitor's last recorded state (from the session
 * store, any session), and for a failing one the built-in analyzer's reading of its failures. `flux ask`
 * answers with this when no model is configured, instead of only refusing.
 */
import { BuiltinAnalyzer } from "./builtin_analyzer.ts";
import { type MonitorSessionStore, restoreStates } from "./_monitor_memory.ts";
import { timeAgo } from "../session/time_ago.ts";
import type { TestStatus } from "../session/session_types.ts";

const MARK = { ok: "✅", fail: "❌", unknown: "❔" } as const;
const ORDER = { fail: 0, unknown: 1, ok: 2 } as const;

/** Options for {@linkcode describeKnownState}. */
export interface KnownStateOptions {
  /** The session's own test status, used when no monitor has recorded the tests (library users). */
  testStatus?: TestStatus | null;
  now?: Date;
  signal?: AbortSignal;
}

/**
 * Lines saying each monitor's last state, failing ones first, each failure read by the built-in analyzer;
 * an empty array when nothing has been recorded yet. The text never claims a model wrote it.
 */
export async function describeKnownState(
  store: MonitorSessionStore,
  projectDir: string,
  options: KnownStateOptions = {},
): Promise<string[]> {
  const now = options.now ?? new Date();
  const states = [...restoreStates(store)].sort(([a, sa], [b, sb]) =>
    ORDER[sa.status] - ORDER[sb.status] || a.localeCompare(b)
  );
  const analyzer = new BuiltinAnalyzer(projectDir);
  const lines: string[] = [];
  for (const [monitor, state] of states) {
    const since = timeAgo(new Date(state.since), now);
    const verdict = state.status === "fail"
      ? "failing"
      : state.status === "ok"
      ? "passing"
      : "unknown";
    lines.push(
      `${MARK[state.status]} ${monitor}: ${state.summary || verdict} (${verdict} since ${since})`,
    );
    if (state.status !== "fail" || state.items.length === 0) continue;
    const analysis = await analyzer.analyze(
      { monitor, summary: state.summary, items: state.items },
      options.signal,
    );
    for (const line of analysis.split("\n")) if (line.trim()) lines.push(`   ${line}`);
  }
  const tests = options.testStatus;
  if (!states.some(([name]) => name === "tests") && tests) {
    const mark = tests.failed > 0 ? MARK.fail : MARK.ok;
    lines.push(
      `${mark} tests: ${tests.failed} failing of ${tests.total} (the session's last test status)`,
    );
    for (const f of (tests.failures ?? []).slice(0, 4)) {
      lines.push(`   ${f.name}${f.message ? `: ${f.message.split("\n")[0]}` : ""}`);
    }
  }
  return lines;
}
