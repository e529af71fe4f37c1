/** `flux wf`: placeholder until its issue lands; the owning developer replaces this file. */
import type { Command } from "../deps/commander.ts";
import { UsageError } from "./cli_context.ts";

/** Registers `flux wf`. */
export function registerWorkflowCommand(program: Command): void {
  program.command("wf").description("(not built yet)").action(() => {
    throw new UsageError('"flux wf" is not built yet');
  });
}
