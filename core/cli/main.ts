/** Builds the `flux` command line and runs it; every subcommand lives in its own `*_cmd.ts`. */
import { parseSandboxPermissions, SANDBOX_SUBCOMMAND } from "../plugin_host/sandbox_launch.ts";
import { warn } from "./say.ts";
import { Command, CommanderError } from "../deps/commander.ts";
import { resolveProjectDir, UsageError } from "./cli_context.ts";
import { VERSION } from "../version.ts";
import { checkFluxFolder } from "./check_flux_folder.ts";
import { guideRequest, GUIDES_HELP, printGuide } from "./help_cmd.ts";

/** A subcommand: the names it answers to, and how to load the module that registers it. */
interface Subcommand {
  names: string[];
  load: () => Promise<(program: Command) => void>;
}

/**
 * Every subcommand, in `flux --help` order. Each module is imported only when its command runs (or help
 * lists them all): `flux wf run` never loads the TUI, the MCP server or the session browser, and start-up
 * pays for the one command the person typed. To add a command, add a line here.
 */
const SUBCOMMANDS: Subcommand[] = [
  { names: ["tui"], load: async () => (await import("./tui_cmd.ts")).registerTuiCommand },
  {
    names: ["session"],
    load: async () => (await import("./session_cmd.ts")).registerSessionCommand,
  },
  { names: ["tests"], load: async () => (await import("./tests_cmd.ts")).registerTestsCommand },
  {
    names: ["wf", "workflow"],
    load: async () => (await import("./wf_cmd.ts")).registerWorkflowCommand,
  },
  { names: ["watch"], load: async () => (await import("./watch_cmd.ts")).registerWatchCommand },
  { names: ["ask"], load: async () => (await import("./ask_cmd.ts")).registerAskCommand },
  {
    names: ["plugins"],
    load: async () => (await import("./plugins_cmd.ts")).registerPluginsCommand,
  },
  { names: ["doctor"], load: async () => (await import("./doctor_cmd.ts")).registerDoctorCommand },
  { names: ["mcp"], load: async () => (await import("./mcp_cmd.ts")).registerMcpCommand },
  {
    names: ["context"],
    load: async () => (await import("./context_cmd.ts")).registerContextCommand,
  },
  { names: ["trust"], load: async () => (await import("./trust_cmd.ts")).registerTrustCommand },
  { names: ["status"], load: async () => (await import("./status_cmd.ts")).registerStatusCommand },
  {
    // `flux /autofix` too: the lint notification's hint and the seed write it that way.
    names: ["autofix", "/autofix"],
    load: async () => (await import("./autofix_cmd.ts")).registerAutofixCommand,
  },
];

/**
 * Creates the program with the subcommands `args` need registered: the one it names, the TUI when it
 * names none, every one for help (or when `args` is not given), none for `--version`.
 */
export async function buildProgram(args?: string[]): Promise<Command> {
  const program = new Command("flux")
    .description("Flux: a terminal companion that remembers, watches and runs workflows")
    .version(VERSION, "-V, --version", "print the Flux version")
    .option("-p, --project <dir>", "project folder (default: where you started flux)")
    .option("--incognito", "record nothing in the session store")
    .option("--trust", "trust this project for this run only (CI; same as FLUX_TRUST=1)")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .addHelpText("after", GUIDES_HELP)
    // A bad --project, or a `.flux` that is a file, fails before any subcommand starts, with one line.
    .hook("preAction", () => checkFluxFolder(resolveProjectDir(program)));
  for (const sub of needed(args)) (await sub.load())(program);
  for (const sub of program.commands) applyExitPolicy(sub);
  return program;
}

/** The subcommands to register for `args` (see {@linkcode buildProgram}). */
function needed(args: string[] | undefined): Subcommand[] {
  if (args === undefined) return SUBCOMMANDS;
  const operand = firstOperand(args);
  if (operand === undefined) {
    if (args.some((a) => a === "-h" || a === "--help")) return SUBCOMMANDS;
    if (args.some((a) => a === "-V" || a === "--version")) return [];
    return SUBCOMMANDS.filter((s) => s.names.includes("tui"));
  }
  const named = SUBCOMMANDS.filter((s) => s.names.includes(operand));
  return named.length > 0 ? named : SUBCOMMANDS;
}

/** The first argument that is no option (nor the value of `-p`), if any. */
function firstOperand(args: string[]): string | undefined {
  const valued = new Set(["-p", "--project"]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") return args[i + 1];
    if (arg.startsWith("-")) {
      if (valued.has(arg)) i++;
      continue;
    }
    return arg;
  }
  return undefined;
}

function applyExitPolicy(command: Command): void {
  command.exitOverride().configureOutput({ outputError: () => {} });
  for (const sub of command.commands) applyExitPolicy(sub);
}

/** Runs the CLI with `args`; returns the exit code instead of exiting, so tests can call it. */
export async function runCli(args: string[]): Promise<number> {
  // A compiled Flux re-launches itself to start a sandboxed plugin (see sandbox_launch.ts); never shown.
  if (args[0] === SANDBOX_SUBCOMMAND) {
    const { runSandbox } = await import("../plugin_host/sandbox_main.ts");
    try {
      return await runSandbox(parseSandboxPermissions(args[1]));
    } catch (error) {
      return reportError(error);
    }
  }
  const guide = guideRequest(args);
  if (guide !== undefined) {
    try {
      await printGuide(guide, SUBCOMMANDS.flatMap((s) => s.names));
      return 0;
    } catch (error) {
      return reportError(error);
    }
  }
  const unknown = unknownCommand(args);
  if (unknown !== undefined) {
    warn(`flux: unknown command "${unknown}" (see flux --help)`);
    return 2;
  }
  const program = await buildProgram(args);
  try {
    await program.parseAsync(args, { from: "user" });
    return typeof Deno.exitCode === "number" ? Deno.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

/** The first operand when it names no subcommand (the default TUI command takes no operands). */
function unknownCommand(args: string[]): string | undefined {
  const operand = firstOperand(args);
  if (operand === undefined || operand === "help") return undefined;
  return SUBCOMMANDS.some((s) => s.names.includes(operand)) ? undefined : operand;
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
  // By name, so that start-up does not load the YAML parser and SQLite to recognise their errors.
  if (
    error instanceof Error && (error.name === "FluxFileError" || error.name === "StoreOpenError")
  ) {
    warn(`flux: ${error.message}`);
    return 2;
  }
  throw error;
}
