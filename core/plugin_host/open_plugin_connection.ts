/**
 * Starts one plugin in its tier: a built-in in a permission-scoped Web Worker (or, when the
 * `worker-options` unstable feature is off, in a sandbox), any other plugin in a sandbox subprocess after
 * checking that its files still match its trust grant and refusing links out of its granted folders.
 */
import { type DiscoveredPlugin, fluxRoot } from "./discover_plugins.ts";
import type { ConnectionEvents, PluginConnection } from "./plugin_connection.ts";
import { hashPlugin } from "./plugin_hash.ts";
import {
  isWithin,
  type PermissionPlan,
  resolvePermissions,
  sandboxFlags,
  workerPermissions,
} from "./plugin_permissions.ts";
import { openWorkerConnection } from "./worker_connection.ts";
import { openSandboxConnection } from "./sandbox_connection.ts";
import { SANDBOX_WORKER_FILES } from "./sandbox_main.ts";
import { workerOptionsEnabled } from "./worker_options.ts";
import { sandboxRuntimeProblem } from "./sandbox_runtime.ts";

/** What starting a plugin needs from its host. */
export interface OpenPluginOptions {
  projectDir: string;
  heapMb: number;
  maxMessageBytes: number;
  denoPath: string;
  warn(line: string): void;
  /** Called when a built-in has to fall back to a sandbox (the host warns once). */
  onNoWorkers(): void;
}

/** Starts `plugin`; rejects with a one-line Error when it must not start. */
export async function openPluginConnection(
  plugin: DiscoveredPlugin,
  options: OpenPluginOptions,
  events: ConnectionEvents,
): Promise<PluginConnection> {
  const manifest = plugin.manifest;
  if (!manifest) throw new Error(plugin.problem ?? `Cannot load plugin "${plugin.name}"`);
  const builtin = plugin.tier === "builtin";
  if (builtin && workerOptionsEnabled()) {
    const extra = [fluxRoot(), plugin.dir];
    const plan = await resolvePermissions(manifest, options.projectDir, extra, false);
    return openWorkerConnection(plugin.name, workerPermissions(plan), events);
  }
  if (builtin) options.onNoWorkers();
  if (
    !builtin &&
    (await hashPlugin(plugin.dir, manifest, options.projectDir).catch((error: Error) => {
        throw new Error(`Cannot load plugin "${plugin.name}": ${error.message}`);
      })) !== plugin.hash
  ) {
    throw new Error(
      `Plugin "${plugin.name}" changed since it was trusted: run "flux plugins trust ${plugin.name}" to review it again`,
    );
  }
  const problem = sandboxRuntimeProblem({
    standalone: Deno.build.standalone,
    denoPath: options.denoPath,
    sandboxMain: new URL("./sandbox_main.ts", import.meta.url).href,
  });
  if (problem !== undefined) {
    throw new Error(`Cannot start plugin "${plugin.name}" in a sandbox: ${problem}`);
  }
  const here = decodeURIComponent(new URL(".", import.meta.url).pathname);
  const extraRead = builtin
    ? [fluxRoot(), plugin.dir]
    : [plugin.dir, ...SANDBOX_WORKER_FILES.map((file) => `${here}${file}`)];
  const plan = await resolvePermissions(manifest, options.projectDir, extraRead, !builtin);
  if (!builtin && plan.write.length > 0) refuseFluxFolder(plugin.name, plan, options.projectDir);
  for (const line of plan.warnings) options.warn(line);
  return openSandboxConnection({
    name: plugin.name,
    projectDir: options.projectDir,
    flags: sandboxFlags(plan),
    env: plan.env,
    heapMb: options.heapMb,
    maxMessageBytes: options.maxMessageBytes,
    denoPath: options.denoPath,
  }, events);
}

/**
 * A plugin that is not built in never writes in the project's `.flux/`, whatever its write grant: that
 * folder holds the trust grants (a plugin could grant itself or another plugin more), the config and the
 * workflows (whose commands run outside any sandbox). A grant inside it is named in a warning.
 */
function refuseFluxFolder(name: string, plan: PermissionPlan, projectDir: string): void {
  const flux = `${projectDir}/.flux`;
  plan.denyWrite.push(flux);
  for (const path of plan.write) {
    if (isWithin(path, flux)) {
      plan.warnings.push(
        `Plugin "${name}": write access to "${
          path.slice(projectDir.length + 1)
        }" is refused: .flux holds Flux's trust grants, config and workflows`,
      );
    }
  }
}
