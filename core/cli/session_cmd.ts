/** `flux session`: placeholder until its issue lands; the owning developer replaces this file. */
import type { Command } from "../deps/commander.ts";
import { UsageError } from "./cli_context.ts";

/** Registers `flux session`. */
export function registerSessionCommand(program: Command): void {
  program.command("session").description("(not built yet)").action(() => {
    throw new UsageError('"flux session" is not built yet');
  });
}
