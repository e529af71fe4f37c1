/** `flux tui` (also plain `flux`): the interactive terminal UI. */
import type { Command } from "../deps/commander.ts";
import { resolveProjectDir, rootOf, useColor } from "./cli_context.ts";
import { requireTrust } from "./trust_cmd.ts";
import { loadCheckedConfig } from "./load_checked_config.ts";
import { describeWorkspace } from "../trust/describe_workspace.ts";

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
      const screen = !opts.plain && Deno.stdin.isTerminal() && Deno.stdout.isTerminal();
      if (!screen) await requireTrust(command, projectDir, "flux");
      // A typo in the config stops here, every problem listed, before the screen is taken over.
      await loadCheckedConfig(projectDir);
      const { runTui, askWorkspaceTrust } = await loadTui();
      if (screen) {
        // On the screen the question is asked by the TUI itself (an Ink box), not by a plain prompt.
        await requireTrust(command, projectDir, "flux", {
          ask: async (dir, verdict) =>
            await askWorkspaceTrust({
              projectDir: dir,
              changed: verdict.changed,
              wouldRun: await describeWorkspace(dir),
              theme: { color: useColor() },
            }),
        });
      }
      await runTui({
        projectDir,
        ...(incognito ? { incognito: true } : {}),
        ...(opts.plain ? { plain: true } : {}),
      });
    });
}

/**
 * Loads the TUI only when it is used (other commands never load Ink and React), with React's production
 * build: React picks its build from NODE_ENV when it loads. The variables set for the import are removed right
 * after, so the programs Flux starts (tests, builds, workflow steps) never see them.
 */
async function loadTui(): Promise<
  typeof import("../tui/run_tui.tsx") & typeof import("../tui/workspace_trust_prompt.tsx")
> {
  const scoped: Record<string, string> = { NODE_ENV: "production" };
  // Ink's colour library decides its level once, when it loads, and turns colour off whenever a CI
  // variable is set. Flux decides itself (a terminal and no NO_COLOR) and tells it so.
  if (useColor()) scoped.FORCE_COLOR = (Deno.env.get("TERM") ?? "").includes("256") ? "2" : "1";
  const added = Object.keys(scoped).filter((name) => Deno.env.get(name) === undefined);
  for (const name of added) Deno.env.set(name, scoped[name] ?? "");
  try {
    const [tui, prompt] = await Promise.all([
      import("../tui/run_tui.tsx"),
      import("../tui/workspace_trust_prompt.tsx"),
    ]);
    return { ...tui, ...prompt };
  } finally {
    for (const name of added) Deno.env.delete(name);
  }
}
