/**
 * The session context for a model, filled up to a token budget by relevance rather than by age: the current
 * task, the failing tests with their messages, the files in their stack traces, the files changed since the
 * last green test run, recent errors, the files worked on, then activity, newest first. The two most important
 * parts open and close the JSON (models read the middle of a long context least), and every item that did
 * not fit is counted in `left_out`. The count is of `JSON.stringify(context)` by the given tokenizer.
 */
import type { TokenCounter } from "../ai/token_counter.ts";
import { describeEvent } from "./describe_event.ts";
import { stackFiles } from "./stack_files.ts";
import { timeAgo } from "./time_ago.ts";
import type {
  AiActivity,
  BudgetedAiContext,
  ContextChoice,
  Session,
  SessionEvent,
  TestFailure,
} from "./session_types.ts";

/** What {@linkcode fitAiContext} chooses from. */
export interface ContextSources {
  projectDir: string;
  session: Session | null;
  /** The newest events of the session, oldest first. */
  window: SessionEvent[];
  /** All events of the session, including those before the window. */
  totalEvents: number;
  now: Date;
}

/** Options for {@linkcode fitAiContext}. */
export interface FitAiContextOptions {
  maxTokens: number;
  counter: TokenCounter;
}

/** Tokens kept free for the left-out lines while the parts are weighed. */
const LEFT_OUT_RESERVE = 40;
/** The smallest budget honoured: below it the current task and the first failing test cannot both fit. */
export const MIN_CONTEXT_TOKENS = 150;

type Section =
  | "current_task"
  | "failing_test"
  | "failure_file"
  | "changed_file"
  | "recent_error"
  | "active_file"
  | "activity";

interface Candidate {
  section: Section;
  label: string;
  reason: string;
  must: boolean;
  apply: (context: BudgetedAiContext) => void;
  tokens: number;
}

type RecentError = BudgetedAiContext["recent_errors"][number];

/** Builds the context and says, for each candidate item, whether it was included and why. */
export function fitAiContext(
  sources: ContextSources,
  options: FitAiContextOptions,
): { context: BudgetedAiContext; choices: ContextChoice[] } {
  const maxTokens = Math.max(MIN_CONTEXT_TOKENS, Math.floor(options.maxTokens));
  const { counter } = options;
  const candidates = rankCandidates(sources, maxTokens, counter);
  const included = new Set<Candidate>();
  // Counting the whole is the costly part (a few ms per thousand tokens), so it is done once when the parts,
  // counted apart (and cached by the counter), say well enough what fits; twice or three times at most.
  let used = counter.count(JSON.stringify(assemble([], sources, maxTokens, counter, 0))) +
    LEFT_OUT_RESERVE;
  for (const c of candidates) {
    if (c.must || used + c.tokens <= maxTokens) {
      included.add(c);
      used += c.tokens;
    }
  }
  const build = () =>
    assemble(candidates.filter((c) => included.has(c)), sources, maxTokens, counter);
  let context = build();
  const slack = maxTokens - context.budget.used_tokens;
  if (slack > Math.max(LEFT_OUT_RESERVE, maxTokens * 0.03)) {
    // Parts joined in one JSON cost a little less than apart: fill what the whole left free.
    used = context.budget.used_tokens;
    for (const c of candidates) {
      if (included.has(c) || used + c.tokens > maxTokens - LEFT_OUT_RESERVE / 2) continue;
      included.add(c);
      used += c.tokens;
    }
    context = build();
  }
  // The whole is what counts: drop from the bottom, as much as it is over, until it fits.
  for (let i = candidates.length - 1; context.budget.used_tokens > maxTokens && i >= 0;) {
    let over = context.budget.used_tokens - maxTokens;
    for (; over > 0 && i >= 0; i--) {
      const c = candidates[i];
      if (!c || c.must || !included.has(c)) continue;
      included.delete(c);
      over -= c.tokens;
    }
    context = build();
  }
  const choices = candidates.map((c) => ({
    section: c.section,
    item: c.label,
    tokens: c.tokens,
    included: included.has(c),
    reason: included.has(c) ? c.reason : `${c.reason}; did not fit the budget`,
  }));
  return { context, choices };
}

/** Every item that could go in, most relevant first. */
function rankCandidates(
  sources: ContextSources,
  maxTokens: number,
  counter: TokenCounter,
): Candidate[] {
  const { session, now } = sources;
  const state = session?.state;
  const out: Candidate[] = [];
  const add = (
    section: Section,
    label: string,
    reason: string,
    value: unknown,
    apply: Candidate["apply"],
    must = false,
  ) => {
    // In the whole, an array item's closing and the next one's opening share tokens (`"},{"`): about one
    // token less than the item counted alone.
    const alone = counter.count(JSON.stringify(value));
    const tokens = section === "current_task" ? alone : Math.max(1, alone - 1);
    out.push({ section, label, reason, must, apply, tokens });
  };
  const mustShare = Math.floor(maxTokens / 4);

  if (state?.currentTask) {
    const task = clipToTokens(state.currentTask, mustShare, counter);
    add("current_task", task, "the current task (always kept)", task, (c) => {
      c.current_task = task;
    }, true);
  }
  const failures = state?.testStatus?.failures ?? [];
  failures.forEach((failure, index) => {
    const kept = clipFailure(failure, index === 0 ? mustShare : Math.floor(maxTokens / 8), counter);
    add(
      "failing_test",
      failure.name,
      index === 0 ? "the first failing test (always kept)" : "a failing test",
      kept,
      (c) => c.test_status?.failures?.push(kept),
      index === 0,
    );
  });
  for (const file of failureFiles(sources)) {
    add("failure_file", file, "a file in a failing test's stack trace", file, (c) => {
      c.failure_files.push(file);
    });
  }
  const changed = changedSinceGreen(sources.window);
  for (const file of changed.files) {
    const reason = changed.since === null
      ? `changed in the last ${sources.window.length} events (no green test run among them)`
      : `changed since the last green test run (${timeAgo(changed.since, now)})`;
    add("changed_file", file, reason, file, (c) => {
      c.changed_since_green.files.push(file);
    });
  }
  for (const error of state?.recentErrors ?? []) {
    const entry: RecentError = {
      message: clipToTokens(error.message, Math.floor(maxTokens / 8), counter),
      ...(error.file !== undefined ? { file: error.file } : {}),
      ...(error.line !== undefined ? { line: error.line } : {}),
      when: timeAgo(new Date(error.at), now),
    };
    add("recent_error", entry.message, "a recent error", entry, (c) => {
      c.recent_errors.push(entry);
    });
  }
  for (const file of state?.activeFiles ?? []) {
    add("active_file", file, "a file worked on recently", file, (c) => {
      c.active_files.push(file);
    });
  }
  // Activity beyond what the whole budget could hold is not weighed; it is counted in left_out all the same.
  let activityTokens = 0;
  for (const event of sources.window.slice().reverse()) {
    if (activityTokens > maxTokens) break;
    const entry: AiActivity = {
      type: event.type,
      summary: describeEvent(event.type, event.data),
      when: timeAgo(event.timestamp, now),
    };
    add("activity", `${entry.type}: ${entry.summary}`, "recent activity", entry, (c) => {
      c.recent_activity.push(entry);
    });
    activityTokens += out[out.length - 1]?.tokens ?? 0;
  }
  return out;
}

/** Puts the chosen items in place (in rank order) and counts the whole, including the count itself. */
function assemble(
  chosen: Candidate[],
  sources: ContextSources,
  maxTokens: number,
  counter: TokenCounter,
  usedGuess = maxTokens,
): BudgetedAiContext {
  const status = sources.session?.state.testStatus;
  const changed = changedSinceGreen(sources.window);
  const context: BudgetedAiContext = {
    current_task: null,
    failure_files: [],
    recent_errors: [],
    recent_activity: [],
    budget: {
      max_tokens: maxTokens,
      used_tokens: usedGuess,
      tokenizer: counter.name,
      exact: counter.exact,
    },
    left_out: [],
    active_files: [],
    changed_since_green: {
      since: changed.since === null ? null : changed.since.toISOString(),
      files: [],
    },
    test_status: status
      ? {
        total: status.total,
        passed: status.passed,
        failed: status.failed,
        ...(status.failures ? { failures: [] } : {}),
      }
      : null,
  };
  for (const c of chosen) c.apply(context);
  context.left_out = leftOut(context, sources, changed.files.length);
  return recountContext(context, counter);
}

/**
 * Sets `budget.used_tokens` to the tokens of the context's JSON, that number included. A BPE tokenizer
 * splits digits from the punctuation around them, so the count is that of the JSON with a 0 there, less
 * the 0, plus the number's own: one whole count instead of one per try. The estimate is checked whole.
 */
export function recountContext(
  context: BudgetedAiContext,
  counter: TokenCounter,
): BudgetedAiContext {
  if (counter.exact) {
    context.budget.used_tokens = 0;
    const rest = counter.count(JSON.stringify(context)) - counter.count("0");
    let used = rest + 1;
    for (let i = 0; i < 4; i++) {
      const next = rest + counter.count(String(used));
      if (next === used) break;
      used = next;
    }
    context.budget.used_tokens = used;
    return context;
  }
  for (let i = 0; i < 4; i++) {
    const used = counter.count(JSON.stringify(context));
    if (used === context.budget.used_tokens) break;
    context.budget.used_tokens = used;
  }
  return context;
}

/** One line per part with items that did not fit: "12 older events left out". */
function leftOut(context: BudgetedAiContext, sources: ContextSources, changed: number): string[] {
  const state = sources.session?.state;
  const lines: string[] = [];
  const note = (count: number, what: string) => {
    if (count > 0) lines.push(`${count} ${what} left out`);
  };
  const failed = state?.testStatus?.failed ?? 0;
  note(
    Math.max(failed, state?.testStatus?.failures?.length ?? 0) -
      (context.test_status?.failures?.length ?? 0),
    "failing tests",
  );
  note(
    failureFiles(sources).length - context.failure_files.length,
    "stack-trace files",
  );
  note(changed - context.changed_since_green.files.length, "changed files");
  note((state?.recentErrors.length ?? 0) - context.recent_errors.length, "recent errors");
  note((state?.activeFiles.length ?? 0) - context.active_files.length, "active files");
  note(sources.totalEvents - context.recent_activity.length, "older events");
  return lines;
}

/**
 * `file:line` of the failing tests and their stack traces. The session state keeps the first 1,000
 * characters of each message, which a long assertion diff fills before the trace starts, so the messages
 * of the newest test run in the window (kept whole in its event) are read too.
 */
function failureFiles(sources: ContextSources): string[] {
  const failures = sources.session?.state.testStatus?.failures ?? [];
  const whole = new Map<string, string>();
  if (failures.length > 0) {
    const run = sources.window.findLast((e) =>
      e.type === "test_run" && Array.isArray(e.data.failures)
    );
    for (const f of (run?.data.failures as unknown[] | undefined) ?? []) {
      if (typeof f !== "object" || f === null) continue;
      const { name, message } = f as { name?: unknown; message?: unknown };
      if (typeof name === "string" && typeof message === "string") whole.set(name, message);
    }
  }
  const texts = failures.flatMap((f) => [
    f.file && f.line ? `${f.file}:${f.line}` : "",
    whole.get(f.name) ?? f.message ?? "",
  ]);
  return stackFiles(sources.projectDir, texts);
}

/** The files edited after the last green test run in `window` (newest first), and when that run was. */
export function changedSinceGreen(window: SessionEvent[]): { since: Date | null; files: string[] } {
  let start = 0;
  let since: Date | null = null;
  for (let i = window.length - 1; i >= 0; i--) {
    const event = window[i];
    if (event?.type === "test_run" && isGreen(event.data)) {
      start = i + 1;
      since = event.timestamp;
      break;
    }
  }
  const files: string[] = [];
  for (const event of window.slice(start).reverse()) {
    if (event.type !== "file_edit") continue;
    const d = event.data;
    for (const f of [d.file, d.path, ...(Array.isArray(d.files) ? d.files : [])]) {
      if (typeof f === "string" && f && !files.includes(f)) files.push(f);
    }
  }
  return { since, files };
}

function isGreen(data: Record<string, unknown>): boolean {
  if (data.status === "ok") return true;
  return data.failed === 0 && typeof data.total === "number" && data.total > 0;
}

function clipFailure(failure: TestFailure, maxTokens: number, counter: TokenCounter): TestFailure {
  return {
    name: clipToTokens(failure.name, Math.floor(maxTokens / 3), counter),
    ...(failure.file !== undefined ? { file: failure.file } : {}),
    ...(failure.line !== undefined ? { line: failure.line } : {}),
    ...(failure.message !== undefined
      ? { message: clipToTokens(failure.message, Math.floor((maxTokens * 2) / 3), counter) }
      : {}),
  };
}

/** `text` cut (with "…") until it counts at most `maxTokens`. */
export function clipToTokens(text: string, maxTokens: number, counter: TokenCounter): string {
  let clipped = text;
  let tokens = counter.count(JSON.stringify(clipped));
  while (tokens > maxTokens && clipped.length > 1) {
    const keep = Math.max(1, Math.floor(clipped.length * (maxTokens / tokens) * 0.9) - 1);
    clipped = `${clipped.slice(0, keep)}…`;
    tokens = counter.count(JSON.stringify(clipped));
  }
  return clipped;
}
