/** `flux tui`: placeholder until its issue lands; the owning developer replaces this file. */
import type { Command } from "../deps/commander.ts";
import { UsageError } from "./cli_context.ts";

/** Registers `flux tui`. */
export function registerTuiCommand(program: Command): void {
  program.command("tui", { isDefault: true }).description("(not built yet)").action(() => {
    throw new UsageError('"flux tui" is not built yet');
  });
}
