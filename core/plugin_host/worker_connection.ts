/** Tier 1: a built-in plugin in a Web Worker whose Deno permissions come from its manifest. */
import type { ConnectionEvents, PluginConnection } from "./plugin_connection.ts";
import type { HostMessage } from "./protocol.ts";

const BOOTSTRAP = new URL("./worker_bootstrap.ts", import.meta.url);

/** Starts the worker; the hello handshake is the supervisor's job. */
export function openWorkerConnection(
  name: string,
  permissions: Deno.PermissionOptionsObject,
  events: ConnectionEvents,
): PluginConnection {
  const worker = new Worker(BOOTSTRAP, {
    type: "module",
    name: `flux-plugin-${name}`,
    deno: { permissions },
  });
  let gone = false;
  let settle: () => void = () => {};
  const exited = new Promise<void>((resolve) => settle = resolve);
  const end = (reason: string) => {
    if (gone) return;
    gone = true;
    worker.terminate();
    settle();
    events.onExit(reason);
  };
  worker.onmessage = (event) => {
    if (!gone) events.onMessage(event.data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    end(`threw ${(event.message ?? "an error").split("\n")[0]}`);
  };
  worker.onmessageerror = () => end("sent a message that cannot be read");
  return {
    tier: "builtin",
    pid: undefined,
    exited,
    send(message: HostMessage) {
      if (!gone) worker.postMessage(message);
    },
    kill() {
      if (gone) return;
      gone = true;
      // A worker stuck in a synchronous loop keeps its thread after terminate() (a Deno 2.9 limit).
      worker.terminate();
      settle();
    },
  };
}
