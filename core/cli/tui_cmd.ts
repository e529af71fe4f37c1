/** `flux tui` (also plain `flux`): the interactive terminal UI. */
import type { Command } from "../deps/commander.ts";
import { resolveProjectDir, rootOf } from "./cli_context.ts";

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
      const { runTui } = await loadTui();
      await runTui({
        projectDir,
        ...(incognito ? { incognito: true } : {}),
        ...(opts.plain ? { plain: true } : {}),
      });
    });
}

/**
 * Loads the TUI only when it is used (other commands never load Ink and React), with React's production
 * build: React picks its build from NODE_ENV when it loads. NODE_ENV is restored right after, so the programs
 * Flux starts (tests, builds, workflow steps) never see it.
 */
async function loadTui(): Promise<typeof import("../tui/run_tui.tsx")> {
  const previous = Deno.env.get("NODE_ENV");
  if (previous === undefined) Deno.env.set("NODE_ENV", "production");
  try {
    return await import("../tui/run_tui.tsx");
  } finally {
    if (previous === undefined) Deno.env.delete("NODE_ENV");
  }
}
