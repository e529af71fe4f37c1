/**
 * The session context a model sees, cut to a size budget: the oldest activity goes first, then the oldest
 * errors, then files beyond the first few, then long texts are shortened. The JSON of the result is never
 * longer than `maxChars` (for any budget above {@linkcode MIN_AI_CONTEXT_CHARS}).
 */
import type { TokenCounter } from "../ai/token_counter.ts";
import { describeEvent } from "./describe_event.ts";
import type { AiContext, Session, SessionEvent } from "./session_types.ts";
import { timeAgo } from "./time_ago.ts";

/** Options for {@linkcode buildAiContext}. */
export interface AiContextOptions {
  /** Budget for `JSON.stringify(context)`, in characters. */
  maxChars?: number;
  /**
   * Budget in tokens: the context is then filled by relevance (`fitAiContext`) and `maxChars` is not used.
   */
  maxTokens?: number;
  /** Counts the tokens for `maxTokens` (`loadTokenCounter()`); without it they are estimated. */
  tokenizer?: TokenCounter;
}

/** The budget when none is given: about 1,500 tokens. */
export const DEFAULT_AI_CONTEXT_CHARS = 6000;
/** The smallest budget honoured exactly; below it the context is as small as it gets. */
export const MIN_AI_CONTEXT_CHARS = 200;

const defaults = { maxChars: DEFAULT_AI_CONTEXT_CHARS } satisfies AiContextOptions;

/** Builds the context from a session and its latest events (oldest first). */
export function buildAiContext(
  session: Session | null,
  recent: SessionEvent[],
  now: Date,
  options: AiContextOptions = {},
): AiContext {
  const maxChars = Math.max(MIN_AI_CONTEXT_CHARS, options.maxChars ?? defaults.maxChars);
  const state = session?.state;
  const context: AiContext = {
    current_task: state?.currentTask ?? null,
    active_files: [...(state?.activeFiles ?? [])],
    test_status: state?.testStatus ? structuredClone(state.testStatus) : null,
    recent_errors: (state?.recentErrors ?? []).map((e) => ({
      message: e.message,
      ...(e.file !== undefined ? { file: e.file } : {}),
      ...(e.line !== undefined ? { line: e.line } : {}),
      when: timeAgo(new Date(e.at), now),
    })),
    recent_activity: recent.slice().reverse().map((event) => ({
      type: event.type,
      summary: describeEvent(event.type, event.data),
      when: timeAgo(event.timestamp, now),
    })),
  };
  const fits = () => JSON.stringify(context).length <= maxChars;
  if (context.test_status?.failures && context.test_status.failures.length > 10) {
    context.test_status.failures = context.test_status.failures.slice(0, 10);
  }
  for (const error of context.recent_errors) error.message = clip(error.message, 500);
  if (context.current_task) context.current_task = clip(context.current_task, 500);
  while (!fits() && context.recent_activity.length > 3) context.recent_activity.pop();
  while (!fits() && context.recent_errors.length > 2) context.recent_errors.pop();
  while (!fits() && context.active_files.length > 3) context.active_files.pop();
  if (!fits() && context.test_status?.failures) delete context.test_status.failures;
  if (!fits()) {
    for (const error of context.recent_errors) error.message = clip(error.message, 100);
    for (const activity of context.recent_activity) activity.summary = clip(activity.summary, 40);
    if (context.current_task) context.current_task = clip(context.current_task, 100);
  }
  while (!fits() && context.recent_activity.length > 0) context.recent_activity.pop();
  while (!fits() && context.recent_errors.length > 0) context.recent_errors.pop();
  while (!fits() && context.active_files.length > 0) context.active_files.pop();
  if (!fits() && context.current_task) context.current_task = clip(context.current_task, 40);
  return context;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
