/**
 * Questions with session context: `askQuestion(projectDir, "why are the tests failing?")`. The question
 * and the answer are recorded as message events (role user / assistant), and earlier ones are sent with the
 * next question, so a later session continues the conversation.
 */
import { EventType } from "../session/event_type.ts";
import { SessionManager } from "../session/session_manager.ts";
import type { AiContext } from "../session/session_types.ts";
import { redact } from "../secrets/redact.ts";
import { type AiConfig, type Env, loadAiConfig } from "./ai_config.ts";
import { buildPrompt } from "./build_prompt.ts";
import { createProvider } from "./create_provider.ts";
import type { ChatMessage, ModelProtocol, ModelProvider } from "./model_provider.ts";
import { NoModelError } from "./no_model_error.ts";

/** Options for {@linkcode askQuestion}. */
export interface AskOptions {
  /** Called with each piece of the answer as it arrives. */
  onChunk?: (text: string) => void;
  /** Cancels the question. */
  signal?: AbortSignal;
  /** The model configuration; loaded from the project and `env` when absent. */
  config?: AiConfig | null;
  /** Environment to read the configuration from (default: the process's). */
  env?: Env;
  /**
   * When given a project folder: record nothing (an in-memory session). The session store copies the
   * project's last session into memory read-only, so its context and messages are still sent.
   */
  incognito?: boolean;
  /** Most earlier messages sent along (default 20). */
  historyLimit?: number;
}

/** The outcome of a question. */
export interface AskResult {
  question: string;
  answer: string;
  provider: ModelProtocol;
  model: string;
  sessionId: string;
  /** Earlier messages sent with the question. */
  historyMessages: number;
  /** Characters of the whole prompt (system, context, history, question). */
  promptChars: number;
  durationMs: number;
}

/**
 * Asks the configured model `question` with the session's context; throws {@linkcode NoModelError} when no
 * model is configured and a `ModelError` (one line) when the call fails. The question is recorded either way;
 * an answer cut short (Ctrl-C, timeout, dropped stream) is recorded with what arrived, marked
 * `interrupted: true` with the one-line `error`.
 */
export async function askQuestion(
  target: string | SessionManager,
  question: string,
  options: AskOptions = {},
): Promise<AskResult> {
  if (typeof question !== "string") {
    throw new TypeError(
      'askQuestion\'s question is missing: call askQuestion("/project", "why are the tests failing?")',
    );
  }
  if (typeof target !== "string" && (typeof target !== "object" || target === null)) {
    throw new TypeError(
      'askQuestion\'s project is missing: call askQuestion("/project", "why are the tests failing?")',
    );
  }
  const text = question.trim();
  if (!text) {
    throw new RangeError('The question is empty: ask e.g. "why are the tests failing?"');
  }
  const projectDir = typeof target === "string" ? target : target.projectDir;
  const config = options.config !== undefined
    ? options.config
    : await loadAiConfig(projectDir, options.env ?? Deno.env.toObject());
  if (!config) throw new NoModelError();
  const secrets = config.apiKey ? [config.apiKey] : [];
  const session = typeof target === "string"
    ? new SessionManager(target, { incognito: options.incognito ?? false, secrets })
    : target;
  try {
    return await ask(session, createProvider(config), config, text, secrets, options);
  } finally {
    if (typeof target === "string") session.close();
  }
}

async function ask(
  session: SessionManager,
  provider: ModelProvider,
  config: AiConfig,
  question: string,
  secrets: string[],
  options: AskOptions,
): Promise<AskResult> {
  const started = Date.now();
  const current = session.currentSession();
  const history = earlierMessages(session, options.historyLimit ?? 20);
  const request = buildPrompt({
    task: { kind: "question", question, history },
    context: (maxChars) => withoutMessages(session.getContextForAi({ maxChars })),
    maxChars: config.maxContextChars,
    ...(config.maxTokens !== undefined ? { maxTokens: config.maxTokens } : {}),
  });
  // Recorded after the context is read (so it is not sent twice) and before the call (so it is kept
  // when the call fails).
  session.recordEvent(EventType.MESSAGE, { role: "user", content: redact(question, secrets) });
  let answer = "";
  try {
    for await (
      const chunk of provider.stream(request, options.signal ? { signal: options.signal } : {})
    ) {
      answer += chunk;
      options.onChunk?.(chunk);
    }
  } catch (error) {
    // What arrived before the failure (Ctrl-C, a dropped connection, a timeout) was shown: keep it too,
    // marked as interrupted, so the next question knows the answer was cut short.
    if (answer.trim()) {
      const reason = error instanceof Error ? error.message : String(error);
      session.recordEvent(EventType.MESSAGE, {
        role: "assistant",
        content: redact(answer, secrets),
        model: config.model,
        interrupted: true,
        error: redact(reason, secrets),
      });
    }
    throw error;
  }
  session.recordEvent(EventType.MESSAGE, {
    role: "assistant",
    content: redact(answer, secrets),
    model: config.model,
  });
  return {
    question,
    answer,
    provider: config.protocol,
    model: config.model,
    sessionId: current.id,
    historyMessages: request.messages.length - 1,
    promptChars: request.system.length +
      request.messages.reduce((sum, m) => sum + m.content.length, 0),
    durationMs: Date.now() - started,
  };
}

/** The context without message activity: earlier questions and answers are sent whole as turns already. */
function withoutMessages(context: AiContext): AiContext {
  const activity = context.recent_activity.filter((a) => a.type !== EventType.MESSAGE);
  return { ...context, recent_activity: activity };
}

/** Appended to an interrupted answer when it is sent back as history. */
export const INTERRUPTED_MARK = "\n[answer interrupted]";

/** The project's latest user/assistant messages, oldest first, across sessions. */
function earlierMessages(session: SessionManager, limit: number): ChatMessage[] {
  const events = session.recentEvents({ types: [EventType.MESSAGE], limit, session: "all" });
  const out: ChatMessage[] = [];
  for (const event of events) {
    const { role, content, interrupted } = event.data;
    if ((role === "user" || role === "assistant") && typeof content === "string") {
      out.push({ role, content: interrupted === true ? `${content}${INTERRUPTED_MARK}` : content });
    }
  }
  return out;
}
