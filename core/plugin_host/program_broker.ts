/**
 * The core side of brokered programs: checks each `spawn` of one plugin against its manifest's `run`
 * list, starts the program through `runProcess` (its own process group, inside the OS sandbox of the
 * plugin's grants), streams and returns its output, and stops it on `kill` or when the plugin goes.
 */
import { type ProcessResult, runProcess, type RunProcessOptions } from "../process/run_process.ts";
import { osSandboxProblem, type SandboxGrant } from "../process/os_sandbox.ts";
import type { HostMessage, PluginMessage, SpawnResult } from "./protocol.ts";
import { isWithin, normalize } from "./plugin_permissions.ts";

/** What the programs of one plugin may do. */
export interface ProgramPolicy {
  plugin: string;
  projectDir: string;
  /** The manifest's `run` list (`"*"`: any program). */
  run: string[];
  /**
   * The OS sandbox its programs run in; `undefined`: none (a built-in whose manifest says
   * `programs.sandbox: false`, or no sandbox on this machine for a built-in).
   */
  sandbox: SandboxGrant | undefined;
  /** True: a spawn may ask for a sandbox of its own (`command` steps of a workflow with `sandbox:`). */
  mayRequestSandbox: boolean;
  /** `inherit`: the core's environment (built-ins); a list: only these variables, plus a minimal set. */
  env: "inherit" | string[];
  /** Why its programs are refused outright (a clause: a project plugin where no OS sandbox can start). */
  refused?: string;
}

/** Programs started at once by one plugin; past it a spawn is refused. */
const MAX_RUNS = 16;

type Spawn = Extract<PluginMessage, { type: "spawn" }>;

/** The programs one running plugin started. */
export class ProgramBroker {
  #runs = new Map<number, { controller: AbortController; done: Promise<void> }>();
  #closed = false;

  constructor(readonly policy: ProgramPolicy, readonly send: (message: HostMessage) => void) {}

  /** Starts what `message` asks for, or answers `denied` with one line naming plugin and program. */
  spawn(message: Spawn): void {
    const refusal = this.#refusal(message);
    if (refusal !== undefined) {
      this.send({ type: "denied", id: null, of: "spawn", reason: refusal, run: message.run });
      return;
    }
    const controller = new AbortController();
    const done = runProcess(message.cmd, message.args, this.#options(message, controller.signal))
      .then(
        (result) => {
          if (!this.#closed) this.send({ type: "exit", run: message.run, result: wire(result) });
        },
        (error: Error) => {
          if (this.#closed) return;
          this.send({
            type: "denied",
            id: null,
            of: "spawn",
            reason: `Cannot run "${message.cmd}" for plugin "${this.policy.plugin}": ${
              error.message.split("\n")[0]
            }`,
            run: message.run,
          });
        },
      )
      .then(() => {
        this.#runs.delete(message.run);
      });
    this.#runs.set(message.run, { controller, done });
  }

  /** Stops run `run` (its whole process group). */
  kill(run: number): void {
    this.#runs.get(run)?.controller.abort();
  }

  /** Stops every program of the plugin and waits until they are gone. */
  async close(): Promise<void> {
    this.#closed = true;
    const runs = [...this.#runs.values()];
    for (const run of runs) run.controller.abort();
    await Promise.all(runs.map((run) => run.done));
  }

  #refusal(message: Spawn): string | undefined {
    const { plugin, run } = this.policy;
    if (this.#closed) return `Plugin "${plugin}" is stopping: "${message.cmd}" was not started`;
    if (this.policy.refused !== undefined) {
      return `Plugin "${plugin}" may not run "${message.cmd}": ${this.policy.refused}`;
    }
    if (!programAllowed(message.cmd, run, this.policy.projectDir, message.options.cwd)) {
      return `Plugin "${plugin}" may not run "${message.cmd}": it is not in the "run" list of its plugin.json`;
    }
    if (this.#runs.has(message.run)) return `Plugin "${plugin}" reused run id ${message.run}`;
    if (this.#runs.size >= MAX_RUNS) {
      return `Plugin "${plugin}" may not run "${message.cmd}": it already runs ${MAX_RUNS} programs`;
    }
    const asked = message.options.sandbox;
    if (asked && this.policy.sandbox === undefined && !this.policy.mayRequestSandbox) {
      // The workflow asked for a sandbox: never run its program with more rights than it asked for.
      const why = osSandboxProblem() ?? `plugin "${plugin}" cannot start its programs in one`;
      return `Cannot run "${message.cmd}" in the OS sandbox that "sandbox:" asks for: ${why}`;
    }
    if (asked && this.policy.mayRequestSandbox) {
      const outside = asked.write.find((w) => !isWithin(normalize(w), this.policy.projectDir));
      if (outside !== undefined) {
        return `Plugin "${plugin}" may not let "${message.cmd}" write "${outside}": sandbox write folders must be inside the project`;
      }
    }
    return undefined;
  }

  #options(message: Spawn, signal: AbortSignal): RunProcessOptions {
    const { options } = message;
    const { policy } = this;
    const cwd = options.cwd ?? policy.projectDir;
    const out: RunProcessOptions = { cwd, signal };
    if (policy.env === "inherit") {
      if (options.env) out.env = options.env;
    } else {
      out.clearEnv = true;
      out.env = { ...minimalEnv(policy.env), ...options.env };
    }
    if (options.stdin !== undefined) out.stdin = options.stdin;
    if (options.timeoutMs) out.timeoutMs = options.timeoutMs;
    if (options.graceMs !== undefined) out.graceMs = options.graceMs;
    if (options.nice !== undefined) out.nice = options.nice;
    if (options.maxOutputBytes !== undefined) out.maxOutputBytes = options.maxOutputBytes;
    if (options.stream) {
      out.onOutput = (chunk, stream) => {
        if (!this.#closed) this.send({ type: "output", run: message.run, stream, chunk });
      };
    }
    // `options.sandbox` before `mayRequestSandbox`: that may start bwrap to find out, which only a
    // program that asks for a sandbox should pay for.
    const requested = policy.sandbox === undefined && options.sandbox && policy.mayRequestSandbox
      ? options.sandbox
      : undefined;
    // A folder the workflow declares it writes may not exist yet (`dist`): bubblewrap can only bind
    // what exists, so it is made first, as the step itself would have made it.
    for (const dir of requested?.write ?? []) ensureFolder(dir);
    const sandbox = policy.sandbox ??
      (requested ? { ...requested, readOnly: protectedFolders(policy.projectDir) } : undefined);
    if (sandbox) out.sandbox = { ...sandbox, visible: [policy.projectDir, cwd] };
    return out;
  }
}

/**
 * True when `cmd` may run under `run`: a bare name must be listed; a path is allowed when it is listed
 * as written, or when its file name is listed and it lies inside the project (a virtualenv's `python`,
 * `node_modules/.bin/vitest`).
 */
export function programAllowed(
  cmd: string,
  run: string[],
  projectDir: string,
  cwd: string | undefined,
): boolean {
  if (run.includes("*") || run.includes(cmd)) return true;
  if (!cmd.includes("/")) return false;
  const name = cmd.slice(cmd.lastIndexOf("/") + 1);
  const absolute = normalize(cmd.startsWith("/") ? cmd : `${cwd ?? projectDir}/${cmd}`);
  return run.includes(name) && isWithin(absolute, projectDir);
}

/** The project's folders no program may write, whatever its grant. */
export function protectedFolders(projectDir: string): string[] {
  return [`${projectDir}/.flux`, `${projectDir}/.git`];
}

function minimalEnv(allowed: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "LANG", "TERM", ...allowed]) {
    const value = Deno.env.get(key);
    if (value !== undefined) env[key] = value;
  }
  env.NO_COLOR = "1";
  return env;
}

function wire(result: ProcessResult): SpawnResult {
  return { ...result, signal: result.signal };
}

function ensureFolder(dir: string): void {
  try {
    Deno.mkdirSync(dir, { recursive: true });
  } catch {
    // A file of that name, or no rights: the program finds out as it would without a sandbox.
  }
}
