/**
 * `flux plugins`: list, show, trust, revoke and run plugins. `run` goes through the same host, tiers,
 * permissions and limits as real use, and exits 0 for ok/success, 1 for fail, 2 for a plugin or usage error.
 */
import { requireTrust } from "./trust_cmd.ts";
import type { Command } from "../deps/commander.ts";
import { printJson, resolveProjectDir, rootOf, UsageError } from "./cli_context.ts";
import { type DiscoveredPlugin, PluginHost } from "../plugin_host/plugin_host.ts";
import { describePermissions } from "../plugin_host/describe_permissions.ts";
import { isRecord } from "../plugin_host/protocol.ts";
import { printable } from "../plugin_host/printable.ts";

interface JsonOption {
  json?: boolean;
}

/** Registers `flux plugins` and its subcommands. */
export function registerPluginsCommand(program: Command): void {
  const plugins = program.command("plugins")
    .description("list, inspect, trust and try plugins (monitors and step types)");

  plugins.command("list", { isDefault: true })
    .description("list every plugin found, with its tier and trust (the default)")
    .option("--json", "print JSON")
    .allowExcessArguments(true) // "flux plugins lst" lands here, as the default: say what is wrong.
    .action((opts: JsonOption, cmd: Command) =>
      withHost(cmd, async (host) => {
        const extra = cmd.args[0];
        if (extra !== undefined && cmd.parent?.args[0] !== "list") {
          throw new UsageError(
            `unknown command "plugins ${extra}": use list, show, trust, revoke or run (see flux plugins --help)`,
          );
        }
        if (extra !== undefined) {
          throw new UsageError(`"plugins list" takes no argument, got "${extra}"`);
        }
        const list = await host.discover();
        if (opts.json) return printJson(list.map(summary));
        if (list.length === 0) return say("No plugins found");
        for (const p of list) {
          const kind = p.manifest?.kind === "step" ? `step:${p.manifest.step_type}` : "monitor";
          const state = p.problem !== undefined ? "broken" : trustWord(p);
          say(`${p.name.padEnd(20)} ${kind.padEnd(20)} ${p.tier.padEnd(8)} ${state}`);
          if (p.problem !== undefined) say(`  ${p.problem}`);
        }
      })
    );

  plugins.command("show").argument("<name>", "plugin name")
    .description("show a plugin's manifest, folder, tier, trust and what it may do")
    .option("--json", "print JSON")
    .action((name: string, opts: JsonOption, cmd: Command) =>
      withHost(cmd, async (host) => {
        const plugin = find(await host.discover(), name);
        const refused = await host.preflight(name);
        if (opts.json) {
          return printJson({ ...summary(plugin), manifest: plugin.manifest ?? null, refused });
        }
        say(`${plugin.name}  (${plugin.tier}, ${trustWord(plugin)})`);
        say(`  folder: ${plugin.dir}`);
        if (plugin.problem !== undefined) return say(`  problem: ${plugin.problem}`);
        const m = plugin.manifest!;
        if (m.description) say(`  ${m.description}`);
        say(`  kind: ${m.kind}${m.step_type ? ` (step_type "${m.step_type}")` : ""}`);
        say("  may:");
        for (const line of describePermissions(m.permissions, m.programs)) say(`    - ${line}`);
        for (const line of refused) say(`  refused: ${line}`);
      })
    );

  plugins.command("trust").argument("<name>", "plugin name")
    .description("allow a plugin that is not built in to run (asks on a terminal)")
    .option("-y, --yes", "grant without asking (for scripts)")
    .option("--json", "print JSON")
    .action((name: string, opts: JsonOption & { yes?: boolean }, cmd: Command) =>
      withHost(cmd, async (host) => {
        const found = await host.discover();
        // A project plugin named like a built-in is trusted here, and then replaces the built-in.
        const plugin = host.held().find((p) => p.name === name) ?? find(found, name);
        if (plugin.problem !== undefined) throw new UsageError(plugin.problem);
        if (plugin.tier === "builtin") {
          if (opts.json) return printJson(summary(plugin));
          return say(`Plugin "${name}" is built in: it is always trusted`);
        }
        if (!opts.yes) {
          if (!Deno.stdin.isTerminal()) {
            throw new UsageError(
              `Refusing to trust plugin "${name}" without a terminal: run "flux plugins trust ${name} --yes" to grant it`,
            );
          }
          if (plugin.trust === "changed") {
            const before =
              plugin.grantedPermissions === JSON.stringify(plugin.manifest!.permissions)
                ? "its code changed"
                : `its permissions changed (they were ${plugin.grantedPermissions})`;
            say(`Plugin "${name}" changed since you trusted it: ${before}`);
          }
          say(`Plugin "${name}" (${plugin.dir}) asks to:`);
          for (
            const line of describePermissions(
              plugin.manifest!.permissions,
              plugin.manifest!.programs,
            )
          ) {
            say(`  - ${line}`);
          }
          for (const line of await host.preflight(name)) say(`  refused: ${line}`);
          const answer = prompt(`Trust "${name}"? [y/N]`) ?? "";
          if (!/^y(es)?$/i.test(answer.trim())) {
            throw new UsageError(`Plugin "${name}" was not trusted`, 1);
          }
        }
        const trusted = await host.trust(name);
        if (opts.json) return printJson(summary(trusted));
        say(`Trusted plugin "${name}" (pinned to ${trusted.hash?.slice(0, 12)})`);
      })
    );

  plugins.command("revoke").argument("<name>", "plugin name")
    .description("withdraw the trust given to a plugin")
    .option("--json", "print JSON")
    .action((name: string, opts: JsonOption, cmd: Command) =>
      withHost(cmd, async (host) => {
        const removed = await host.revoke(name);
        if (opts.json) return printJson({ name, revoked: removed });
        say(
          removed ? `Revoked trust in plugin "${name}"` : `Plugin "${name}" had no grant`,
        );
      })
    );

  plugins.command("run").argument("<name>", "plugin name")
    .description("run a monitor's check (or a step's run) once; exit 0 ok, 1 fail, 2 error")
    .option("--params <json>", "options passed to the plugin as ctx.options (a JSON object)")
    .option("--timeout <ms>", "deadline of the call in milliseconds")
    .option("--json", "print JSON")
    .action((
      name: string,
      opts: JsonOption & { params?: string; timeout?: string },
      cmd: Command,
    ) =>
      withHost(cmd, async (host) => {
        const options = parseParams(opts.params);
        const timeoutMs = opts.timeout === undefined ? undefined : Number(opts.timeout);
        if (timeoutMs !== undefined && !(timeoutMs > 0)) {
          throw new UsageError(`Bad --timeout "${opts.timeout}": use a number of milliseconds`);
        }
        const plugin = find(await host.discover(), name);
        await requireTrust(cmd, host.projectDir, "flux plugins run");
        const call = {
          options,
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
          ...(opts.json ? {} : {
            onProgress: (t: string) => console.error(printable(`… ${t}`)),
            onLog: (t: string) => console.error(printable(`  ${t}`)),
          }),
        };
        try {
          if (plugin.manifest?.kind === "step") {
            const result = await host.runStep(plugin.manifest.step_type ?? "", call);
            if (opts.json) printJson(result);
            else {say(
                `${result.success ? "success" : "failed"}${
                  result.output ? `\n${result.output}` : ""
                }`,
              );}
            Deno.exitCode = result.success ? 0 : 1;
          } else {
            const result = await host.runMonitor(name, call);
            if (opts.json) printJson(result);
            else {
              say(`${result.status}  ${result.summary}`);
              for (const item of result.items ?? []) {
                const where = item.file ? `${item.file}${item.line ? `:${item.line}` : ""}: ` : "";
                say(`  ${where}${item.message}`);
              }
            }
            Deno.exitCode = result.status === "fail" ? 1 : 0;
          }
        } catch (error) {
          throw new UsageError(error instanceof Error ? error.message : String(error), 2);
        }
      })
    );
}

/** Prints a line for people; plugin-supplied text in it cannot reach the terminal as control codes. */
function say(text: string): void {
  console.log(printable(text));
}

async function withHost(cmd: Command, work: (host: PluginHost) => Promise<void>): Promise<void> {
  const host = new PluginHost(resolveProjectDir(rootOf(cmd)), {
    onWarning: (line) => console.error(printable(`flux: ${line}`)),
  });
  try {
    await work(host);
  } catch (error) {
    // The host reports plugin and store problems as one-line Errors: they end the command with exit 2.
    // Their text may come from a plugin (its error, its manifest): printed with escapes made harmless.
    if (error instanceof UsageError) throw new UsageError(printable(error.message), error.exitCode);
    if (error instanceof Error) throw new UsageError(printable(error.message));
    throw error;
  } finally {
    await host.close();
  }
}

function find(list: DiscoveredPlugin[], name: string): DiscoveredPlugin {
  const plugin = list.find((p) => p.name === name);
  if (!plugin) throw new UsageError(`No plugin named "${name}": see flux plugins list`);
  return plugin;
}

function parseParams(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`Bad --params: not valid JSON (use an object such as '{"path": "."}')`);
  }
  if (!isRecord(value)) {
    throw new UsageError(`Bad --params: use a JSON object such as '{"path": "."}'`);
  }
  return value;
}

function trustWord(plugin: DiscoveredPlugin): string {
  if (plugin.disabled !== undefined) return "disabled";
  return {
    builtin: "built in",
    granted: "trusted",
    untrusted: "not trusted",
    changed: "changed since trusted",
  }[
    plugin.trust
  ];
}

function summary(plugin: DiscoveredPlugin) {
  return {
    name: plugin.name,
    kind: plugin.manifest?.kind ?? null,
    stepType: plugin.manifest?.step_type ?? null,
    description: plugin.manifest?.description ?? null,
    dir: plugin.dir,
    tier: plugin.tier,
    trust: plugin.trust,
    trusted: plugin.trusted,
    problem: plugin.problem ?? null,
    may: plugin.manifest
      ? describePermissions(plugin.manifest.permissions, plugin.manifest.programs)
      : [],
  };
}
