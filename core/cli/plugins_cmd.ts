/** `flux plugins`: placeholder until its issue lands; the owning developer replaces this file. */
import type { Command } from "../deps/commander.ts";
import { UsageError } from "./cli_context.ts";

/** Registers `flux plugins`. */
export function registerPluginsCommand(program: Command): void {
  program.command("plugins").description("(not built yet)").action(() => {
    throw new UsageError('"flux plugins" is not built yet');
  });
}
