/** `flux watch`: placeholder until its issue lands; the owning developer replaces this file. */
import type { Command } from "../deps/commander.ts";
import { UsageError } from "./cli_context.ts";

/** Registers `flux watch`. */
export function registerWatchCommand(program: Command): void {
  program.command("watch").description("(not built yet)").action(() => {
    throw new UsageError('"flux watch" is not built yet');
  });
}
