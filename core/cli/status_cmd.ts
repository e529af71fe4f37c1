/**
 * `flux status [--json]`: who owns the project's monitors (pid, command, since when, attached clients) and
 * each monitor's state. Reads only: asks the owner over `.flux/owner.sock`, else the session store.
 */
import type { Command } from "../deps/commander.ts";
import { printJson, resolveProjectDir, rootOf } from "./cli_context.ts";
import { type ProjectStatus, readProjectStatus } from "../monitor/owner/read_project_status.ts";
import { printable } from "../plugin_host/printable.ts";

/** Registers `flux status`. */
export function registerStatusCommand(program: Command): void {
  program.command("status")
    .description("who runs this project's monitors (pid, command, since, clients) and their states")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const status = await readProjectStatus(resolveProjectDir(rootOf(cmd)));
      if (opts.json) return printJson(status);
      for (const line of statusLines(status)) console.log(printable(line));
    });
}

/** The status in lines for a person. */
export function statusLines(status: ProjectStatus): string[] {
  const lines = [`Monitors of ${status.project}`];
  const owner = status.owner;
  if (owner) {
    lines.push(
      `  Owner: pid ${owner.pid}, ${owner.command}, since ${
        when(owner.since)
      } (Flux ${owner.version})`,
    );
    if (status.clients.length === 0) lines.push("  Attached: none");
    for (const c of status.clients) {
      lines.push(`  Attached: pid ${c.pid}, ${c.command}, since ${when(c.since)}`);
    }
  } else if (status.refused) {
    lines.push(`  Owner: ${status.refused}`);
  } else {
    lines.push("  Owner: none (no Flux process watches this project; start flux or flux watch)");
    if (status.staleSocket) {
      lines.push(
        `  A socket left by a Flux process that was killed is at ${status.socket}; the next one replaces it`,
      );
    }
  }
  if (status.monitors.length === 0) {
    lines.push("  No monitor state recorded yet");
    return lines;
  }
  lines.push(status.statesFrom === "owner" ? "  States (live):" : "  States (last recorded):");
  const width = Math.max(...status.monitors.map((m) => m.name.length));
  for (const m of status.monitors) {
    const mark = m.state === "ok" ? "✅" : m.state === "fail" ? "❌" : "❔";
    lines.push(
      `    ${m.name.padEnd(width)}  ${mark} ${m.state.padEnd(7)} ${m.summary}  (since ${
        when(m.since)
      })`,
    );
  }
  return lines;
}

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
