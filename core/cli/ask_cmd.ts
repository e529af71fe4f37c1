/**
 * `flux ask "why are the tests failing?"`: asks the configured model with the session's context and streams
 * the answer to stdout as it arrives. Exit codes: 0 answered, 1 the model call failed (one line on stderr),
 * 2 no model configured or a bad configuration, 130 interrupted (Ctrl-C). With no model, what the built-in
 * analyzer knows (each monitor's last result) goes to stdout first and how to configure a model to stderr.
 */
import { say, warn } from "./say.ts";
import type { Command } from "../deps/commander.ts";
import {
  type GlobalOptions,
  printJson,
  resolveProjectDir,
  rootOf,
  UsageError,
} from "./cli_context.ts";
import { askQuestion } from "../ai/ask_question.ts";
import { ModelError } from "../ai/model_error.ts";
import { NoModelError } from "../ai/no_model_error.ts";
import { answerWithoutModel } from "../ai/answer_without_model.ts";

interface AskCommandOptions {
  json?: boolean;
}

/** Registers `flux ask`. */
export function registerAskCommand(program: Command): void {
  program.command("ask")
    .description("ask the configured model about your project, with the session's context")
    .argument("<question...>", 'the question, e.g. "why are the tests failing?"')
    .option("--json", "print the whole answer as JSON at the end instead of streaming it")
    .action(async (words: string[], opts: AskCommandOptions, command: Command) => {
      const root = rootOf(command);
      const projectDir = resolveProjectDir(root);
      const question = words.join(" ").trim();
      if (!question) {
        throw new UsageError('The question is empty: flux ask "why are the tests failing?"');
      }
      await runAsk(projectDir, question, opts.json ?? false, root.opts<GlobalOptions>().incognito);
    });
}

async function runAsk(
  projectDir: string,
  question: string,
  json: boolean,
  incognito: boolean | undefined,
): Promise<void> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  Deno.addSignalListener("SIGINT", onInterrupt);
  const encoder = new TextEncoder();
  let streamed = "";
  // `flux ask ... | head -3`: once the reader is gone, stop the request and end quietly.
  let readerGone = false;
  const write = (text: string) => {
    if (readerGone) return;
    try {
      writeAll(encoder.encode(text));
    } catch (error) {
      if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
      readerGone = true;
      controller.abort();
    }
  };
  try {
    const result = await askQuestion(projectDir, question, {
      signal: controller.signal,
      incognito: incognito ?? false,
      ...(json ? {} : {
        onChunk: (chunk: string) => {
          streamed += chunk;
          write(chunk);
        },
      }),
    });
    if (json) printJson(result);
    else if (!streamed.endsWith("\n")) write("\n");
  } catch (error) {
    if (readerGone) return;
    if (streamed && !streamed.endsWith("\n")) write("\n");
    if (error instanceof NoModelError) {
      const { known, help } = await answerWithoutModel(projectDir, controller.signal);
      if (json) {
        printJson({ question, answer: known, source: "built-in analyzer", model: null, help });
      } else say(known);
      throw new UsageError(help, 2);
    }
    if (error instanceof ModelError) {
      if (error.kind === "config") throw new UsageError(error.message, 2);
      warn(`flux: ${error.message}`);
      Deno.exitCode = error.kind === "aborted" ? 130 : 1;
      return;
    }
    throw error;
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
  }
}

function writeAll(bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += Deno.stdout.writeSync(bytes.subarray(offset));
}
