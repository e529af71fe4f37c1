/**
 * A core for the "killed hard" test: starts the sync-loop plugin of the project given as the first
 * argument, prints the sandbox's pid, and waits to be SIGKILLed.
 */
import { PluginHost } from "../../core/plugin_host/plugin_host.ts";

const host = new PluginHost(Deno.args[0]!, { builtinDirs: [], onWarning: () => {} });
await host.discover();
await host.trust("sync-loop");
host.runMonitor("sync-loop", { timeoutMs: 600_000 }).catch(() => {});
await host.start("sync-loop");
console.log(host.pidOf("sync-loop"));
await new Promise(() => {});
