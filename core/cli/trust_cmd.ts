/**
 * `flux trust [--yes] [--revoke]`: reviews what Flux would run in this project and trusts it, and
 * {@linkcode requireTrust}, the gate of every command that runs the project's code (the TUI, `watch`,
 * `wf run`, `plugins run`): trusted, it passes; on a terminal it asks once; without one it ends the
 * command with one line and exit 2.
 */
import type { Command } from "../deps/commander.ts";
import { printJson, resolveProjectDir, rootOf, UsageError } from "./cli_context.ts";
import { printable } from "../plugin_host/printable.ts";
import {
  checkWorkspaceTrust,
  grantWorkspaceTrust,
  revokeWorkspaceTrust,
  type TrustVerdict,
  untrustedLine,
} from "../trust/workspace_trust.ts";
import { describeWorkspace } from "../trust/describe_workspace.ts";

/** Registers `flux trust`. */
export function registerTrustCommand(program: Command): void {
  program.command("trust")
    .description("review what Flux would run in this project and trust it (asks on a terminal)")
    .option("-y, --yes", "trust without asking (for scripts)")
    .option("--revoke", "withdraw the trust given to this project")
    .option("--json", "print JSON")
    .action(async (opts: { yes?: boolean; revoke?: boolean; json?: boolean }, cmd: Command) => {
      const projectDir = resolveProjectDir(rootOf(cmd));
      if (opts.revoke) {
        const removed = revokeWorkspaceTrust(projectDir);
        if (opts.json) return printJson({ project: projectDir, revoked: removed });
        return console.log(
          removed ? `Revoked trust in ${projectDir}` : `${projectDir} had no trust grant`,
        );
      }
      // FLUX_TRUST trusts one run; `flux trust` reports and stores the lasting grant.
      const env = (key: string) => key === "FLUX_TRUST" ? undefined : Deno.env.get(key);
      const verdict = await checkWorkspaceTrust(projectDir, { env });
      if (verdict.trusted) {
        if (opts.json) return printJson({ project: projectDir, trusted: true, via: verdict.via });
        return console.log(`${projectDir} is trusted (${verdict.via}${detail(verdict)})`);
      }
      if (!opts.yes) {
        if (!Deno.stdin.isTerminal()) {
          throw new UsageError(
            `Refusing to trust ${projectDir} without a terminal: run "flux trust --yes" to trust it`,
          );
        }
        if (!(await ask(projectDir, verdict))) {
          throw new UsageError(`${projectDir} was not trusted`, 1);
        }
      }
      await grantWorkspaceTrust(projectDir, { fingerprint: verdict.fingerprint });
      if (opts.json) return printJson({ project: projectDir, trusted: true, via: "grant" });
      console.log(`Trusted ${projectDir} (pinned to ${verdict.fingerprint.hash.slice(0, 12)})`);
    });
}

/**
 * Lets a command that runs the project's code go on, or ends it: trusted (grant, folder rule,
 * `--trust`, `FLUX_TRUST=1`) it returns; on a terminal it shows what would run and asks; otherwise it
 * throws a one-line {@linkcode UsageError} (exit 2) saying how to grant trust.
 */
export async function requireTrust(
  cmd: Command,
  projectDir: string,
  what: string,
  options: { ask?: boolean | TrustAsker } = {},
): Promise<void> {
  const flag = rootOf(cmd).opts<{ trust?: boolean }>().trust === true;
  const verdict = await checkWorkspaceTrust(projectDir, { flag });
  if (verdict.trusted) return;
  const canAsk = (options.ask ?? true) !== false && Deno.stdin.isTerminal() &&
    Deno.stdout.isTerminal();
  const asker = typeof options.ask === "function" ? options.ask : ask;
  if (canAsk && await asker(projectDir, verdict)) {
    await grantWorkspaceTrust(projectDir, { fingerprint: verdict.fingerprint });
    return;
  }
  throw new UsageError(printable(untrustedLine(projectDir, verdict, what)));
}

/** Asks the person at the terminal whether to trust `projectDir`; true when they did. */
export type TrustAsker = (
  projectDir: string,
  verdict: Exclude<TrustVerdict, { trusted: true }>,
) => Promise<boolean>;

async function ask(projectDir: string, verdict: Exclude<TrustVerdict, { trusted: true }>) {
  const say = (line: string) => console.log(printable(line));
  if (verdict.reason === "changed") {
    say(`${projectDir} changed since you trusted it: ${verdict.changed.join(", ")}`);
  } else say(`Flux has not run anything in ${projectDir} yet.`);
  say("Once trusted, Flux will run here:");
  for (const line of await describeWorkspace(projectDir)) say(`  - ${line}`);
  const answer = prompt("Trust this folder? [y/N]") ?? "";
  return /^y(es)?$/i.test(answer.trim());
}

function detail(verdict: Extract<TrustVerdict, { trusted: true }>): string {
  return verdict.detail === undefined ? "" : `: ${verdict.detail}`;
}
