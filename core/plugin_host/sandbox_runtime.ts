/**
 * What a sandbox subprocess needs to start: a `deno` binary to run it and `sandbox_main.ts` (with the
 * bootstrap modules beside it) as real files that binary can read. A compiled Flux (`deno compile`) has
 * neither: its own binary runs Flux, not scripts, and its modules live inside that binary.
 */
import { isFile } from "../fs/is_file.ts";

/** Where this process would start sandboxes from. */
export interface SandboxRuntime {
  /** True in a binary built by `deno compile` (`Deno.build.standalone`). */
  standalone: boolean;
  denoPath: string;
  /** URL of `sandbox_main.ts`. */
  sandboxMain: string;
}

const FIX =
  'run Flux from its source with "deno task flux", or install it with "deno task install"';

/**
 * Why no sandbox can start here (a clause naming the cause and the fix), or undefined when one can.
 * The caller prefixes it with the plugin: `Cannot start plugin "x" in a sandbox: <this>`.
 */
export function sandboxRuntimeProblem(runtime: SandboxRuntime): string | undefined {
  if (runtime.standalone) {
    return `this Flux is a compiled binary, and a sandbox needs the deno runtime and Flux's sandbox_main.ts as files: ${FIX}`;
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
