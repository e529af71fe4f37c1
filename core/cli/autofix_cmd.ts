/**
 * `flux autofix` (also `flux /autofix`, as the lint notification's hint writes it): runs the project's
 * fixers and formatters in write mode on the files the lint and format findings name, lists every file
 * changed with its +/- lines and records them in the session as the person's edits. Exit codes: 0 files
 * changed or nothing to fix, 1 a fixer failed, 2 a usage or configuration error (one line).
 */
import type { Command } from "../deps/commander.ts";
import { type GlobalOptions, printJson, resolveProjectDir, rootOf } from "./cli_context.ts";
import { say, warn } from "./say.ts";
import { SessionManager } from "../session/session_manager.ts";
import { runAutofix } from "../autofix/run_autofix.ts";
import { autofixTools } from "../autofix/autofix_tools.ts";
import { autofixLines } from "../autofix/autofix_lines.ts";

interface AutofixCommandOptions {
  json?: boolean;
}

/** Registers `flux autofix`. */
export function registerAutofixCommand(program: Command): void {
  program.command("autofix").alias("/autofix")
    .description(
      "fix the lint and format findings in place (eslint --fix, deno fmt, ...) and list what changed",
    )
    .option("--json", "print the report as JSON")
    .action(async (opts: AutofixCommandOptions, command: Command) => {
      const root = rootOf(command);
      const projectDir = resolveProjectDir(root);
      const tools = await autofixTools(projectDir);
      const sessions = new SessionManager(projectDir, {
        ...(root.opts<GlobalOptions>().incognito ? { incognito: true } : {}),
      });
      const controller = new AbortController();
      const onInterrupt = () => controller.abort();
      Deno.addSignalListener("SIGINT", onInterrupt);
      try {
        const report = await runAutofix(projectDir, {
          session: sessions,
          signal: controller.signal,
          tools,
          ...(opts.json ? {} : { onProgress: (line: string) => warn(`… ${line}`) }),
        });
        if (opts.json) printJson(report);
        else {
          const { title, lines } = autofixLines(report);
          say(title);
          for (const line of lines) say(line);
        }
        if (report.fixers.some((f) => !f.ok)) Deno.exitCode = 1;
      } finally {
        Deno.removeSignalListener("SIGINT", onInterrupt);
        sessions.close();
      }
    });
}
