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
  normalize,
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
import { type ProgramPolicy, protectedFolders } from "./program_broker.ts";
import { osSandboxProblem } from "../process/os_sandbox.ts";
import { checkImportGraph, pluginApiFiles } from "./import_graph.ts";
import { loadConfig } from "../config/load_config.ts";
import { isRecord } from "./protocol.ts";

/** What starting a plugin needs from its host. */
export interface OpenPluginOptions {
  projectDir: string;
  heapMb: number;
  maxMessageBytes: number;
  denoPath: string;
  warn(line: string): void;
  /** Called when a built-in has to fall back to a sandbox (the host warns once). */
  onNoWorkers(): void;
  /** Called with the reason when no OS sandbox can start for a plugin's programs (the host warns once). */
  onNoOsSandbox(reason: string): void;
  /** Lets plugins that are not built in run programs without an OS sandbox where none can start. */
  allowUnsandboxed: boolean;
  /** False: no OS sandbox for programs (built-ins run theirs without, the others are refused). */
  osSandbox: boolean;
  /** Start sandboxes as a compiled Flux does (default: when this is one, with its own binary). */
  compiled?: { execPath: string };
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
    const conn = openWorkerConnection(plugin.name, workerPermissions(plan), events);
    return withPrograms(conn, await programPolicy(plugin, plan, options));
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
  const compiled = options.compiled ??
    (Deno.build.standalone ? { execPath: Deno.execPath() } : undefined);
  const standalone = compiled !== undefined;
  const problem = sandboxRuntimeProblem({
    standalone,
    denoPath: options.denoPath,
    sandboxMain: new URL("./sandbox_main.ts", import.meta.url).href,
    workerOptions: workerOptionsEnabled(),
  });
  if (problem !== undefined) {
    throw new Error(`Cannot start plugin "${plugin.name}" in a sandbox: ${problem}`);
  }
  if (!builtin && !standalone) {
    // The hash covers the plugin folder, so the code it runs must all be there (Flux's types aside).
    // A compiled Flux has no `deno info`: there the worker's read grant (its folder and Flux's plugin
    // API) refuses any module outside the folder as it loads, and `import: false` any remote one.
    await checkImportGraph(
      `${plugin.dir}/${manifest.entry}`,
      plugin.dir,
      pluginApiFiles(fluxRoot()),
      options.denoPath,
    ).catch((error: Error) => {
      throw new Error(`Cannot load plugin "${plugin.name}": ${error.message}`);
    });
  }
  const here = decodeURIComponent(new URL(".", import.meta.url).pathname);
  const extraRead = builtin
    ? [fluxRoot(), plugin.dir]
    : [plugin.dir, ...SANDBOX_WORKER_FILES.map((file) => normalize(`${here}${file}`))];
  const plan = await resolvePermissions(manifest, options.projectDir, extraRead, !builtin);
  if (!builtin && plan.write.length > 0) refuseFluxFolder(plugin.name, plan, options.projectDir);
  for (const line of plan.warnings) options.warn(line);
  if (standalone) refuseInexpressible(plugin.name, plan, options.projectDir);
  const programs = await programPolicy(plugin, plan, options);
  const conn = openSandboxConnection({
    name: plugin.name,
    projectDir: options.projectDir,
    flags: sandboxFlags(plan),
    env: plan.env,
    heapMb: options.heapMb,
    maxMessageBytes: options.maxMessageBytes,
    // A compiled Flux starts itself again (`Deno.execPath()` is the flux binary); see sandbox_launch.ts.
    denoPath: compiled?.execPath ?? options.denoPath,
    permissions: workerPermissions(plan),
    standalone,
  }, events);
  return withPrograms(conn, programs);
}

function withPrograms(
  conn: PluginConnection,
  programs: ProgramPolicy | undefined,
): PluginConnection {
  if (programs) conn.programs = programs;
  return conn;
}

/**
 * What the programs `plugin` asks for may do: the programs of its `run` list, inside an OS sandbox that
 * writes where the plugin may (or where `programs.write` says) and connects only when it may (or when
 * `.flux/config.yaml` says `monitors.<name>.network: true`). Undefined for a plugin that lists no program.
 */
async function programPolicy(
  plugin: DiscoveredPlugin,
  plan: PermissionPlan,
  options: OpenPluginOptions,
): Promise<ProgramPolicy | undefined> {
  const manifest = plugin.manifest!;
  if (manifest.permissions.run.length === 0) return undefined;
  const builtin = plugin.origin === "builtin";
  const { projectDir } = options;
  const policy: ProgramPolicy = {
    plugin: plugin.name,
    projectDir,
    run: manifest.permissions.run,
    sandbox: undefined,
    mayRequestSandbox: false,
    env: builtin ? "inherit" : plan.env,
  };
  if (builtin && manifest.programs?.sandbox === false) {
    // Probed when a program first asks for a sandbox: starting bwrap costs 10-40 ms, and a workflow's
    // command steps (which never ask) paid it on every `flux wf run`.
    return {
      ...policy,
      get mayRequestSandbox() {
        return osSandboxProblem() === undefined;
      },
    };
  }
  const problem = options.osSandbox ? osSandboxProblem() : "the OS sandbox is switched off";
  if (problem !== undefined) {
    if (options.osSandbox) options.onNoOsSandbox(problem);
    if (!builtin && !options.allowUnsandboxed) {
      policy.refused =
        `no OS sandbox can start here (${problem}); set FLUX_ALLOW_UNSANDBOXED=1 to run them without one`;
    }
    return policy;
  }
  const writes = manifest.programs?.write;
  const write = writes === undefined ? plan.write : (await resolvePermissions(
    { ...manifest, permissions: { ...manifest.permissions, write: writes } },
    projectDir,
    [],
    false,
  )).write;
  const network = manifest.programs?.net ?? plan.net.length > 0;
  policy.sandbox = {
    write: write.filter((w) => !plan.denyWrite.some((d) => isWithin(w, d))),
    readOnly: [...protectedFolders(projectDir), ...plan.denyWrite],
    network: network || await networkFromConfig(projectDir, plugin.name),
  };
  return policy;
}

/** `monitors.<name>.network: true` in `.flux/config.yaml` lets that monitor's programs connect. */
async function networkFromConfig(projectDir: string, name: string): Promise<boolean> {
  try {
    const monitors = (await loadConfig(projectDir)).raw.monitors;
    const own = isRecord(monitors) ? monitors[name] : undefined;
    return isRecord(own) && own.network === true;
  } catch {
    return false; // A broken config is reported where it is read; its programs stay offline.
  }
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

/**
 * A compiled Flux narrows a sandbox with Web Worker permissions, which can grant folders but not refuse a
 * folder inside a grant (`--deny-write`): a plugin whose grant covers something it must not touch
 * (`.flux`, a link out of the grant) is refused there with one line, rather than given that access.
 */
function refuseInexpressible(name: string, plan: PermissionPlan, projectDir: string): void {
  const covered = (deny: string[], granted: string[]) =>
    deny.filter((d) => granted.some((g) => isWithin(d, g)));
  const denied = [...covered(plan.denyWrite, plan.write), ...covered(plan.denyRead, plan.read)];
  const first = denied[0];
  if (first === undefined) return;
  const shown = isWithin(first, projectDir) ? first.slice(projectDir.length + 1) || "." : first;
  throw new Error(
    `Cannot start plugin "${name}" in a compiled Flux: its grant covers "${shown}", which it must not reach, and a compiled binary cannot carve that out: grant narrower folders in its plugin.json, or run Flux from source ("deno task install")`,
  );
}
