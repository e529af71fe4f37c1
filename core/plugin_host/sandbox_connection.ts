/**
 * Tier 2: a plugin that is not built in runs in its own `deno run --no-prompt` subprocess with only its
 * `--allow-*` flags and a V8 heap cap (a compiled Flux re-launches itself instead: `sandbox_launch.ts`),
 * speaking newline-delimited JSON over stdio. Killing it (SIGKILL to
 * its process group) really stops it, loops and memory included.
 */
import type { ConnectionEvents, PluginConnection } from "./plugin_connection.ts";
import type { HostMessage } from "./protocol.ts";
import { signalGroup } from "../process/run_process.ts";
import { describeExit, isOutOfMemory } from "./describe_exit.ts";
import { sandboxLaunch } from "./sandbox_launch.ts";

const SANDBOX_MAIN = new URL("./sandbox_main.ts", import.meta.url);

/** Limits of one sandbox. */
export interface SandboxConnectionOptions {
  name: string;
  projectDir: string;
  flags: string[];
  /** Environment variables the plugin may read (copied from ours when set). */
  env: string[];
  heapMb: number;
  /** Longest line accepted from the plugin; past it the sandbox is killed. */
  maxMessageBytes: number;
  /** The `deno` binary from source; the flux binary itself when compiled (see `sandbox_launch.ts`). */
  denoPath: string;
  /** The same grants as Web Worker permissions, for a compiled Flux that re-launches itself. */
  permissions: Deno.PermissionOptionsObject;
  /** Defaults to `Deno.build.standalone`. */
  standalone?: boolean;
}

/** Spawns the sandbox; the hello handshake is the supervisor's job. */
export function openSandboxConnection(
  options: SandboxConnectionOptions,
  events: ConnectionEvents,
): PluginConnection {
  const launch = sandboxLaunch({
    standalone: options.standalone ?? Deno.build.standalone,
    execPath: options.denoPath,
    sandboxMain: SANDBOX_MAIN.href,
    flags: options.flags,
    permissions: options.permissions,
    heapMb: options.heapMb,
  });
  const child = new Deno.Command(launch.command, {
    args: launch.args,
    cwd: options.projectDir,
    clearEnv: true,
    env: { ...sandboxEnv(options.env), ...launch.env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    detached: true,
  }).spawn();
  const writer = child.stdin.getWriter();
  const encoder = new TextEncoder();
  let gone = false;
  let exitReason: string | undefined;
  let stderrTail = "";
  let outOfMemory = false; // Seen anywhere in stderr (a long stack trace may push it out of the tail).

  const kill = (reason?: string) => {
    if (gone) return;
    if (reason !== undefined && exitReason === undefined) exitReason = reason;
    signalGroup(child.pid, "SIGKILL");
  };
  void readLines(child.stdout, options.maxMessageBytes, (line) => {
    if (gone) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      raw = { type: "log", id: null, text: line }; // Stray output of the plugin itself.
    }
    events.onMessage(raw);
  }).catch((error: Error) => kill(error.message));
  const stderrRead = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) {
      const text = stderrTail + decoder.decode(chunk, { stream: true });
      outOfMemory ||= isOutOfMemory(text);
      stderrTail = text.slice(-4096);
    }
  })().catch(() => {});

  const exited = child.status.then(async (status) => {
    gone = true;
    signalGroup(child.pid, "SIGKILL"); // Anything the plugin started goes with it.
    writer.close().catch(() => {});
    // Its last words (an out-of-memory report) may still be in the pipe: read them, briefly.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([stderrRead, new Promise((r) => timer = setTimeout(r, 500))]);
    clearTimeout(timer);
    events.onExit(exitReason ?? describeExit(status, stderrTail, options.heapMb, outOfMemory));
  });
  return {
    tier: "sandbox",
    pid: child.pid,
    exited,
    send(message: HostMessage) {
      if (gone) return;
      writer.write(encoder.encode(JSON.stringify(message) + "\n")).catch(() => {});
    },
    kill() {
      kill();
    },
  };
}

function sandboxEnv(allowed: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "LANG", "TMPDIR", ...allowed]) {
    const value = Deno.env.get(key);
    if (value !== undefined) env[key] = value;
  }
  env.NO_COLOR = "1";
  return env;
}

async function readLines(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  onLine: (line: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      if (newline > maxBytes) throw new Error(`sent a message over ${maxBytes} bytes`);
      onLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
    if (buffered.length > maxBytes) {
      throw new Error(`sent a message over ${maxBytes} bytes`);
    }
  }
}
