/**
 * `flux context [--max-tokens N] [--explain] [--json]`: the context an agent or model gets from this project
 * (what `flux_context` answers), filled by relevance up to a token budget; `--explain` says, item by item,
 * what went in and why, and what was left out.
 */
import type { Command } from "../deps/commander.ts";
import { InvalidArgumentError } from "../deps/commander.ts";
import { inertJson, printJson, resolveProjectDir, rootOf } from "./cli_context.ts";
import { SessionManager } from "../session/session_manager.ts";
import { MIN_CONTEXT_TOKENS } from "../session/fit_ai_context.ts";
import { projectTokenCounter } from "../ai/project_token_counter.ts";
import { readSessionConfig } from "../session/session_config.ts";
import { redact } from "../secrets/redact.ts";
import { printable } from "../plugin_host/printable.ts";
import type { BudgetedAiContext, ContextChoice } from "../session/session_types.ts";

/** The budget when none is given (the same as `flux_context`'s). */
const DEFAULT_MAX_TOKENS = 4000;

interface ContextOptions {
  maxTokens: number;
  explain?: boolean;
  json?: boolean;
}

/** Registers `flux context`. */
export function registerContextCommand(program: Command): void {
  program.command("context")
    .description("print the session context a coding agent gets, fitted to a token budget")
    .option("-t, --max-tokens <n>", "token budget", budget, DEFAULT_MAX_TOKENS)
    .option("--explain", "say what was included and why, and what was left out")
    .option("--json", "print the context as compact JSON (with --explain: the choices too)")
    .action(async (opts: ContextOptions, cmd: Command) => {
      const projectDir = resolveProjectDir(rootOf(cmd));
      const tokenizer = await projectTokenCounter(projectDir);
      const sessions = new SessionManager(projectDir, { retentionDays: 0 });
      try {
        const secrets = readSessionConfig(projectDir).secrets;
        const { context, choices } = sessions.fitContextForAi({
          maxTokens: opts.maxTokens,
          tokenizer,
        });
        const masked = JSON.parse(redact(JSON.stringify(context), secrets)) as BudgetedAiContext;
        if (opts.json && opts.explain) return printJson({ context: masked, choices });
        // Compact: exactly the text `flux_context` returns and the budget counts.
        if (opts.json) return console.log(inertJson(JSON.stringify(masked)));
        if (!opts.explain) return console.log(inertJson(JSON.stringify(masked, null, 2)));
        for (const line of explain(masked, choices, tokenizer.label)) {
          console.log(printable(redact(line, secrets)));
        }
      } finally {
        sessions.close();
      }
    });
}

/** The `--explain` lines: the budget, then each item weighed, then what was left out. */
export function explain(
  context: BudgetedAiContext,
  choices: ContextChoice[],
  label: string,
): string[] {
  const { budget } = context;
  const lines = [
    `${budget.used_tokens} of ${budget.max_tokens} tokens used, counted with ${label}`,
    "",
  ];
  const width = Math.max(...choices.map((c) => c.section.length), 7);
  for (const c of choices) {
    const mark = c.included ? "+" : "-";
    const item = c.item.replace(/\s+/g, " ");
    lines.push(
      `${mark} ${c.section.padEnd(width)} ${String(c.tokens).padStart(5)}  ${
        clip(item, 60)
      }  (${c.reason})`,
    );
  }
  if (context.left_out.length > 0) lines.push("", `Left out: ${context.left_out.join("; ")}`);
  return lines;
}

function budget(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < MIN_CONTEXT_TOKENS) {
    throw new InvalidArgumentError(
      `must be a whole number of tokens, at least ${MIN_CONTEXT_TOKENS}`,
    );
  }
  return n;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
