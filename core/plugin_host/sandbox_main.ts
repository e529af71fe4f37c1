/**
 * Main module of a sandboxed plugin's subprocess (`deno run --no-prompt` with only the plugin's
 * permissions, or a compiled Flux re-launched through its hidden subcommand, see `sandbox_launch.ts`). The plugin runs in a Web Worker inside it (same permissions); this main thread relays the
 * protocol as newline-delimited JSON between stdio and the worker. It exits when stdin closes, so a core
 * that dies, even one killed hard, leaves no sandbox behind, even one stuck in a synchronous loop.
 */
import { isRecord } from "./protocol.ts";

/** Modules the sandbox loads after start-up; the host grants read access to exactly these. */
export const SANDBOX_WORKER_FILES = [
  "worker_bootstrap.ts",
  "run_bootstrap.ts",
  "protocol.ts",
  "program_client.ts",
  "../process/process_broker.ts",
];

const encoder = new TextEncoder();

function writeLine(text: string): void {
  const bytes = encoder.encode(text + "\n");
  let written = 0;
  while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
}

function relay(message: unknown): void {
  try {
    writeLine(JSON.stringify(message));
  } catch (error) {
    const id = isRecord(message) && typeof message.id === "number" ? message.id : null;
    const text = error instanceof Error ? error.message : String(error);
    const reason = text.split("\n")[0]?.trim() ?? text;
    const what = isRecord(message) && message.type === "emit" ? "event" : "result";
    writeLine(
      JSON.stringify({
        type: "error",
        id,
        message: `its ${what} cannot be sent as JSON (${reason})`,
      }),
    );
  }
}

/**
 * Relays between stdio and the plugin's worker until stdin closes, then exits. `permissions`: the
 * worker's own (a compiled Flux re-launched with all of them narrows the plugin's worker to these);
 * without them the worker inherits this process's, which `deno run` flags already narrowed.
 */
export async function runSandbox(permissions?: Deno.PermissionOptionsObject): Promise<never> {
  const worker = new Worker(new URL("./worker_bootstrap.ts", import.meta.url), {
    type: "module",
    name: "plugin",
    ...(permissions ? { deno: { permissions } } : {}),
  });
  worker.onmessage = (event) => relay(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    relay({ type: "error", id: null, message: `uncaught ${event.message ?? "error"}` });
  };
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of Deno.stdin.readable) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== "") worker.postMessage(JSON.parse(line));
      newline = buffered.indexOf("\n");
    }
  }
  Deno.exit(0);
}

if (import.meta.main) await runSandbox();
