/** Builds the `flux` command line and runs it; every subcommand lives in its own `*_cmd.ts`. */
import { warn } from "./say.ts";
import { Command, CommanderError } from "../deps/commander.ts";
import { resolveProjectDir, UsageError } from "./cli_context.ts";
import { FluxFileError } from "../config/load_config.ts";
import { registerPluginsCommand } from "./plugins_cmd.ts";
import { registerDoctorCommand } from "./doctor_cmd.ts";
import { registerSessionCommand } from "./session_cmd.ts";
import { registerTestsCommand } from "./tests_cmd.ts";
import { registerWorkflowCommand } from "./wf_cmd.ts";
import { registerWatchCommand } from "./watch_cmd.ts";
import { registerAskCommand } from "./ask_cmd.ts";
import { registerTuiCommand } from "./tui_cmd.ts";
import { registerMcpCommand } from "./mcp_cmd.ts";
import { registerContextCommand } from "./context_cmd.ts";
import { registerTrustCommand } from "./trust_cmd.ts";
import { registerAutofixCommand } from "./autofix_cmd.ts";
import { VERSION } from "../version.ts";
import { checkFluxFolder } from "./check_flux_folder.ts";
import { StoreOpenError } from "../session/open_session_db.ts";

/** Creates the program with every subcommand registered. */
export function buildProgram(): Command {
  const program = new Command("flux")
    .description("Flux: a terminal companion that remembers, watches and runs workflows")
    .version(VERSION, "-V, --version", "print the Flux version")
    .option("-p, --project <dir>", "project folder (default: where you started flux)")
    .option("--incognito", "record nothing in the session store")
    .option("--trust", "trust this project for this run only (CI; same as FLUX_TRUST=1)")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    // A bad --project, or a `.flux` that is a file, fails before any subcommand starts, with one line.
    .hook("preAction", () => checkFluxFolder(resolveProjectDir(program)));
  registerTuiCommand(program);
  registerSessionCommand(program);
  registerTestsCommand(program);
  registerWorkflowCommand(program);
  registerWatchCommand(program);
  registerAskCommand(program);
  registerPluginsCommand(program);
  registerDoctorCommand(program);
  registerMcpCommand(program);
  registerContextCommand(program);
  registerTrustCommand(program);
  registerAutofixCommand(program);
  for (const sub of program.commands) applyExitPolicy(sub);
  return program;
}

function applyExitPolicy(command: Command): void {
  command.exitOverride().configureOutput({ outputError: () => {} });
  for (const sub of command.commands) applyExitPolicy(sub);
}

/** Runs the CLI with `args`; returns the exit code instead of exiting, so tests can call it. */
export async function runCli(args: string[]): Promise<number> {
  const program = buildProgram();
  const unknown = unknownCommand(program, args);
  if (unknown !== undefined) {
    warn(`flux: unknown command "${unknown}" (see flux --help)`);
    return 2;
  }
  try {
    await program.parseAsync(args, { from: "user" });
    return typeof Deno.exitCode === "number" ? Deno.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

/** The first operand when it names no subcommand (the default TUI command takes no operands). */
function unknownCommand(program: Command, args: string[]): string | undefined {
  const valued = new Set(["-p", "--project"]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") return args[i + 1];
    if (arg.startsWith("-")) {
      if (valued.has(arg)) i++;
      continue;
    }
    const known = arg === "help" ||
      program.commands.some((c) => c.name() === arg || c.aliases().includes(arg));
    return known ? undefined : arg;
  }
  return undefined;
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" || error.code === "commander.version" ||
      error.code === "commander.help"
    ) return 0;
    warn(`flux: ${error.message.replace(/^error: /, "")} (see flux --help)`);
    return 2;
  }
  if (error instanceof UsageError) {
    warn(`flux: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof FluxFileError || error instanceof StoreOpenError) {
    warn(`flux: ${error.message}`);
    return 2;
  }
  throw error;
}
