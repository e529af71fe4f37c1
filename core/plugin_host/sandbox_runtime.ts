/**
 * What a sandbox subprocess needs to start. Run from source: a `deno` binary to run it and
 * `sandbox_main.ts` (with the bootstrap modules beside it) as real files that binary can read. A compiled
 * Flux (`deno compile`) needs neither: it re-launches its own binary through a hidden subcommand
 * (`sandbox_launch.ts`), which narrows the plugin's worker with the `worker-options` unstable feature, so
 * that feature must have been compiled in.
 */
import { isFile } from "../fs/is_file.ts";

/** Where this process would start sandboxes from. */
export interface SandboxRuntime {
  /** True in a binary built by `deno compile` (`Deno.build.standalone`). */
  standalone: boolean;
  denoPath: string;
  /** URL of `sandbox_main.ts`. */
  sandboxMain: string;
  /** Whether Web Workers accept `deno.permissions` (the `worker-options` unstable feature). */
  workerOptions: boolean;
}

const FIX =
  'run Flux from its source with "deno task flux", or install it with "deno task install"';

/**
 * Why no sandbox can start here (a clause naming the cause and the fix), or undefined when one can.
 * The caller prefixes it with the plugin: `Cannot start plugin "x" in a sandbox: <this>`.
 */
export function sandboxRuntimeProblem(runtime: SandboxRuntime): string | undefined {
  if (runtime.standalone) {
    // A compiled Flux starts itself again; it needs no deno. Only the worker permissions must work.
    return runtime.workerOptions
      ? undefined
      : `this compiled Flux was built without the "worker-options" unstable feature, so it cannot narrow a plugin to its permissions: build it with "deno task compile" (deno.json enables the feature)`;
  }
  if (!runtime.sandboxMain.startsWith("file:")) {
    return `Flux was loaded from ${runtime.sandboxMain}, and a sandbox needs sandbox_main.ts as a local file: ${FIX}`;
  }
  const main = decodeURIComponent(new URL(runtime.sandboxMain).pathname);
  if (!isFile(main)) return `${main} is missing: reinstall Flux (${FIX})`;
  if (!isFile(runtime.denoPath)) {
    return `the deno binary "${runtime.denoPath}" that runs sandboxes is not there: install Deno or pass denoPath`;
  }
  return undefined;
}
