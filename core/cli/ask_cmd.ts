/** `flux ask`: placeholder until its issue lands; the owning developer replaces this file. */
import type { Command } from "../deps/commander.ts";
import { UsageError } from "./cli_context.ts";

/** Registers `flux ask`. */
export function registerAskCommand(program: Command): void {
  program.command("ask").description("(not built yet)").action(() => {
    throw new UsageError('"flux ask" is not built yet');
  });
}
