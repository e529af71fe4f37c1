/** `flux tui` (also plain `flux`): the interactive terminal UI. */
import type { Command } from "../deps/commander.ts";
import { resolveProjectDir, rootOf } from "./cli_context.ts";
import { runTui } from "../tui/run_tui.tsx";

/** Registers `flux tui`, the default command. */
export function registerTuiCommand(program: Command): void {
  program
    .command("tui", { isDefault: true })
    .description("open the terminal UI (the default when flux is run without a command)")
    .option("--plain", "print plain lines and read commands from stdin, even on a terminal")
    .action(async (opts: { plain?: boolean }, command: Command) => {
      const root = rootOf(command);
      const projectDir = resolveProjectDir(root);
      const incognito = root.opts<{ incognito?: boolean }>().incognito === true;
      await runTui({
        projectDir,
        ...(incognito ? { incognito: true } : {}),
        ...(opts.plain ? { plain: true } : {}),
      });
    });
}
