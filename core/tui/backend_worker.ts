/**
 * The TUI's backend worker: a {@linkcode FluxBackend} on a thread of its own. Monitoring (plugin workers
 * starting, checks, their results and the events they record), workflow runs, plugin discovery and the AI
 * all run here, so the thread that reads keys and draws the screen never waits for them. The protocol is
 * {@linkcode BackendRequest} in, {@linkcode BackendReply} out; {@linkcode WorkerBackend} is the other end.
 * @module
 */
/// <reference lib="deno.worker" />
import { FluxBackend } from "./flux_backend.ts";
import { quickCheck } from "../session/open_session_db.ts";
import { assumeWorkerOptions } from "../plugin_host/worker_options.ts";
import type { BackendReply, BackendRequest } from "./worker_backend.ts";

let backend: FluxBackend | undefined;
const aborts = new Map<number, AbortController>();

function post(reply: BackendReply): void {
  self.postMessage(reply);
}

function reply(id: number, value: unknown): void {
  post({ kind: "result", id, value, monitorNames: backend?.monitorNames() ?? [] });
}

function fail(id: number, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  post({ kind: "error", id, message, monitorNames: backend?.monitorNames() ?? [] });
}

/** Runs one request against the backend; callbacks and abort signals travel as messages. */
async function perform(request: Extract<BackendRequest, { kind: "call" }>): Promise<unknown> {
  const { id, args } = request;
  const callback = (value: unknown) => post({ kind: "callback", id, value });
  if (request.method === "init") {
    const [projectDir, incognito, workerOptions] = args as [string, boolean, boolean];
    assumeWorkerOptions(workerOptions);
    backend = new FluxBackend(projectDir, incognito ? { incognito: true } : {});
    backend.onWarning((line) => post({ kind: "warning", line }));
    return;
  }
  if (request.method === "quickCheck") return quickCheck(String(args[0]));
  if (!backend) throw new Error("The backend worker was not started");
  const signal = () => {
    const controller = new AbortController();
    aborts.set(id, controller);
    return controller.signal;
  };
  switch (request.method) {
    case "open":
      return (await backend.open()).resumed;
    case "autoWatch":
      return backend.autoWatch();
    case "branch":
      return backend.branch();
    case "workflowNames":
      return backend.workflowNames();
    case "workflowSteps":
      return backend.workflowSteps(String(args[0]));
    case "runWorkflow":
      return backend.runWorkflow(String(args[0]), callback, signal());
    case "startMonitors":
      return backend.startMonitors(callback, args[0] as string | undefined);
    case "stopMonitors":
      return backend.stopMonitors(args[0] as string | undefined);
    case "checkMonitor":
      return backend.checkMonitor(String(args[0]), callback);
    case "autofix":
      return backend.autofix(callback, signal());
    case "plugins":
      return backend.plugins();
    case "trustPlugin":
      return backend.trustPlugin(String(args[0]));
    case "denyPlugin":
      return backend.denyPlugin(String(args[0]));
    case "ask":
      return backend.ask(String(args[0]), callback, signal());
    case "close":
      return backend.close();
  }
}

self.onmessage = (event: MessageEvent<BackendRequest>) => {
  const request = event.data;
  if (request.kind === "abort") {
    aborts.get(request.id)?.abort();
    return;
  }
  perform(request).then(
    (value) => reply(request.id, value),
    (error) => fail(request.id, error),
  ).finally(() => aborts.delete(request.id));
};

// A monitor's or plugin callback's error nobody caught becomes a warning on the screen, as on the main
// thread; it never ends the worker (and with it monitoring).
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  const reason = event.reason;
  post({ kind: "warning", line: reason instanceof Error ? reason.message : String(reason) });
});
self.addEventListener("error", (event) => {
  event.preventDefault();
  post({ kind: "warning", line: event.message });
});
