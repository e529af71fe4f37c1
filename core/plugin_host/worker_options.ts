/**
 * Whether this Deno process runs with the `worker-options` unstable feature (Web Workers with their own
 * permissions). Without it, Deno 2.9 exits the whole process on such a worker instead of throwing, so the
 * host asks first: the command line, then the deno.json that governs the main module (Deno finds it from
 * the main module's folder upwards).
 */
import { isRecord } from "./protocol.ts";
import { isFile } from "../fs/is_file.ts";

let cached: boolean | undefined;

/** True when built-in plugins may run in permission-scoped Web Workers. */
export function workerOptionsEnabled(): boolean {
  cached ??= detect();
  return cached;
}

/**
 * Takes the answer from elsewhere: a worker thread (the TUI's backend worker) has no `Deno.mainModule` to
 * find the deno.json by, so the main thread, which has, passes its answer on.
 */
export function assumeWorkerOptions(enabled: boolean): void {
  cached = enabled;
}

function detect(): boolean {
  const args = commandLine();
  if (args.some((a) => a === "--unstable-worker-options" || a === "--unstable")) return true;
  if (args.includes("--no-config")) return false;
  const explicit = configFlag(args);
  if (explicit !== undefined) return configEnables(explicit);
  // Undefined in a worker thread that was not told (see assumeWorkerOptions()).
  if (!Deno.mainModule?.startsWith("file:")) return false;
  let dir = decodeURIComponent(new URL(".", Deno.mainModule).pathname).replace(/\/$/, "");
  while (dir !== "") {
    for (const name of ["deno.json", "deno.jsonc"]) {
      const file = `${dir}/${name}`;
      if (isFile(file)) return configEnables(file);
    }
    dir = dir.slice(0, dir.lastIndexOf("/"));
  }
  return false;
}

function commandLine(): string[] {
  try {
    return Deno.readTextFileSync("/proc/self/cmdline").split("\0");
  } catch {
    return Deno.args;
  }
}

function configFlag(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--config" || arg === "-c") return args[i + 1];
    if (arg.startsWith("--config=")) return arg.slice("--config=".length);
  }
  return undefined;
}

function configEnables(file: string): boolean {
  try {
    const text = Deno.readTextFileSync(file).replace(/^\s*\/\/.*$/gm, "");
    const config: unknown = JSON.parse(text);
    return isRecord(config) && Array.isArray(config.unstable) &&
      config.unstable.includes("worker-options");
  } catch {
    return false;
  }
}
