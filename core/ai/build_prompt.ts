/**
 * Builds what a model call sends: Flux's instructions, the session context (`getContextForAi()`), earlier
 * questions and answers, and the question or the failure to analyse, all within a character budget
 * (about 4 characters per token).
 */
import { requiredObject } from "../api/required.ts";
import type { FailureReport } from "../monitor/failure_analyzer.ts";
import type { ChatMessage, ModelRequest } from "./model_provider.ts";

/** What the model is asked. */
export type PromptTask =
  | { kind: "question"; question: string; history: ChatMessage[] }
  | { kind: "analysis"; report: FailureReport };

/** Input of {@linkcode buildPrompt}. */
export interface PromptOptions {
  task: PromptTask;
  /** Returns the session context within `maxChars` of JSON (`SessionManager.getContextForAi`). */
  context: (maxChars: number) => unknown;
  /** Budget for the whole prompt, in characters. */
  maxChars: number;
  maxTokens?: number;
}

/** Rough size of a token, used to turn token budgets into character budgets. */
export const CHARS_PER_TOKEN = 4;

const QUESTION_SYSTEM = [
  "You are Flux, a terminal companion helping a developer with the project they are working on.",
  "Answer the question using the session context below (current task, files being edited, test status,",
  "recent errors and activity) and the earlier conversation. Be specific and brief: name files, lines and",
  "commands. Say so when the context does not contain what is needed.",
].join(" ");

const ANALYSIS_SYSTEM = [
  "You are Flux, a terminal companion. A check in the developer's project just started failing.",
  "In at most 4 short lines of plain text, say the most likely cause and the fix, naming files and lines.",
  "Use the failing output and the session context below. No preamble, no markdown headings.",
].join(" ");

/** Shares of the budget; what a part does not use is left to the others. */
const SHARE = { question: 0.25, failure: 0.4, context: 0.35, message: 2_000 } as const;
/** The smallest context budget worth asking for. */
const MIN_CONTEXT_CHARS = 200;

/** Builds the request; `system` plus every message's content never exceeds `maxChars` in total. */
export function buildPrompt(options: PromptOptions): ModelRequest {
  requiredObject(options, "buildPrompt's options", "buildPrompt({ question, context })");
  const budget = Math.max(1_000, options.maxChars);
  const { task } = options;
  const system = task.kind === "question" ? QUESTION_SYSTEM : ANALYSIS_SYSTEM;
  const final = task.kind === "question"
    ? clipEnd(task.question.trim(), Math.floor(budget * SHARE.question))
    : describeFailure(task.report, Math.floor(budget * SHARE.failure));

  const header = "\n\nSession context (JSON):\n";
  const contextRoom = Math.floor(
    Math.min(budget * SHARE.context, budget - system.length - header.length - final.length),
  );
  const context = contextRoom >= MIN_CONTEXT_CHARS ? options.context(contextRoom) : null;
  let contextJson = context === null || context === undefined ? "" : JSON.stringify(context);
  if (contextJson.length > contextRoom) contextJson = ""; // a context source that ignores its budget
  const fullSystem = contextJson ? `${system}${header}${contextJson}` : system;

  let room = budget - fullSystem.length - final.length;
  const earlier: ChatMessage[] = [];
  if (task.kind === "question") {
    for (const message of [...task.history].reverse()) {
      const content = clipEnd(message.content, SHARE.message);
      if (content.length + 2 > room) break; // + the separator if it merges with a neighbour
      earlier.unshift({ role: message.role, content });
      room -= content.length + 2;
    }
  }
  const request: ModelRequest = {
    system: fullSystem,
    messages: normalizeTurns([...earlier, { role: "user", content: final }]),
  };
  if (options.maxTokens !== undefined) request.maxTokens = options.maxTokens;
  return request;
}

/** The failure as the user turn of an analysis: monitor, summary, items, then the output's tail. */
function describeFailure(report: FailureReport, max: number): string {
  const lines = [`The "${report.monitor}" check is failing: ${report.summary}`];
  for (const item of report.items.slice(0, 20)) {
    const at = item.file ? ` (${item.file}${item.line ? `:${item.line}` : ""})` : "";
    lines.push(`- ${item.name ? `${item.name}: ` : ""}${clipEnd(item.message, 300)}${at}`);
  }
  if (report.items.length > 20) lines.push(`- ... and ${report.items.length - 20} more`);
  const head = clipEnd(lines.join("\n"), Math.floor(max / 2));
  const output = report.output?.trim();
  if (!output) return head;
  const label = "\n\nOutput of the failing run (tail):\n";
  return `${head}${label}${clipStart(output, max - head.length - label.length)}`;
}

/** Anthropic wants turns that start with the user and alternate; merges or drops what does not fit. */
function normalizeTurns(messages: ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    if (!message.content.trim()) continue;
    const last = out[out.length - 1];
    if (!last && message.role === "assistant") continue;
    if (last && last.role === message.role) last.content = `${last.content}\n\n${message.content}`;
    else out.push({ ...message });
  }
  return out;
}

function clipEnd(text: string, max: number): string {
  if (max <= 0) return "";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function clipStart(text: string, max: number): string {
  if (max <= 0) return "";
  return text.length > max ? `…${text.slice(text.length - max + 1)}` : text;
}
