/** `flux doctor`: placeholder until its issue lands; the owning developer replaces this file. */
import type { Command } from "../deps/commander.ts";
import { UsageError } from "./cli_context.ts";

/** Registers `flux doctor`. */
export function registerDoctorCommand(program: Command): void {
  program.command("doctor").description("(not built yet)").action(() => {
    throw new UsageError('"flux doctor" is not built yet');
  });
}
