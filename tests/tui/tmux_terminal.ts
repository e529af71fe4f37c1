/**
 * A real terminal for end-to-end TUI tests: a tmux server on its own socket (`tmux -L flux-test-<random>`),
 * one window running Flux, with keys sent by `send-keys` and the screen read by `capture-pane -p`.
 */
import "../_trust_test_projects.ts";
import { runProcess } from "../../core/process/run_process.ts";

const REPO = `${import.meta.dirname}/../..`;

/** The flags of the `flux` task of deno.json (`deno run <flags> main.ts`): how a user starts Flux. */
export function fluxTaskFlags(): string[] {
  const config = JSON.parse(Deno.readTextFileSync(`${REPO}/deno.json`));
  const task = String(config.tasks.flux);
  const words = task.split(/\s+/);
  if (words[0] !== "deno" || words[1] !== "run" || words.at(-1) !== "main.ts") {
    throw new Error(`deno.json's flux task is not "deno run ... main.ts": ${task}`);
  }
  return words.slice(2, -1);
}

/**
 * The `flux` task of deno.json as a shell command runnable from any folder: `deno run <its flags> main.ts`
 * with the config and entry made absolute.
 */
export function fluxTaskCommand(): string {
  const flags = fluxTaskFlags().map(shellQuote).join(" ");
  return `${shellQuote(Deno.execPath())} run ${flags} --config ${shellQuote(`${REPO}/deno.json`)} ${
    shellQuote(`${REPO}/main.ts`)
  }`;
}

/** Options of {@linkcode TmuxTerminal.open}. */
export interface TmuxTerminalOptions {
  projectDir: string;
  columns?: number;
  rows?: number;
  /** Extra environment for Flux. */
  env?: Record<string, string>;
  /** Extra `flux` arguments. */
  args?: string[];
  /** Run this program instead of Flux (benchmark baselines). */
  command?: string[];
}

/** One tmux server with Flux running in it. */
export class TmuxTerminal {
  readonly socket = `flux-test-${crypto.randomUUID().slice(0, 12)}`;
  readonly #options: TmuxTerminalOptions;
  #socketPath = "";

  private constructor(options: TmuxTerminalOptions) {
    this.#options = options;
  }

  /** Starts tmux and Flux in it; after Flux exits the shell prints `FLUX-EXITED <code>` and the tty mode. */
  static async open(options: TmuxTerminalOptions): Promise<TmuxTerminal> {
    const term = new TmuxTerminal(options);
    await term.start();
    return term;
  }

  /** Starts (or restarts, after an exit) Flux in a fresh window. */
  async start(): Promise<void> {
    const o = this.#options;
    const env = Object.entries({ TERM: "xterm-256color", ...o.env })
      .map(([k, v]) => `${k}=${shellQuote(v)}`).join(" ");
    const flux = o.command
      ? o.command.map(shellQuote).join(" ")
      // Exactly as `deno task flux` runs it (its flags: --no-prompt, the V8 heap settings), on the project.
      : `${fluxTaskCommand()} --project ${shellQuote(o.projectDir)} ${
        (o.args ?? []).map(shellQuote).join(" ")
      }`;
    // Colour settings of the test run itself (CI sets NO_COLOR) must not leak in: a test passes its own.
    const script = `clear; env -u NO_COLOR -u FORCE_COLOR ${env} ${flux}; echo "FLUX-EXITED $?"; ` +
      `stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; ` +
      `echo; sleep 600`;
    // Started again (Flux reopened): the window's program is replaced in place. Killing the session's only
    // window ended the tmux server, and a new session could reach it while it was exiting ("server exited
    // unexpectedly", seen once in CI).
    if (await this.#running()) {
      await this.tmux("respawn-window", "-k", "-t", "flux", "-c", o.projectDir, "sh", "-c", script);
      return;
    }
    const columns = String(o.columns ?? 100);
    const rows = String(o.rows ?? 30);
    const args = [
      "new-session",
      "-d",
      "-x",
      columns,
      "-y",
      rows,
      "-n",
      "flux",
      "-c",
      o.projectDir,
      "sh",
      "-c",
      script,
    ];
    await this.tmux(...args);
    this.#socketPath ||= (await this.tmux("display-message", "-p", "#{socket_path}")).trim();
  }

  async #running(): Promise<boolean> {
    const result = await runProcess("tmux", ["-L", this.socket, "has-session"], {
      timeoutMs: 5000,
    });
    return result.code === 0;
  }

  /** Runs a tmux command on this server; throws with tmux's message when it fails. */
  async tmux(...args: string[]): Promise<string> {
    const result = await runProcess("tmux", ["-L", this.socket, ...args], { timeoutMs: 10_000 });
    if (result.code !== 0) {
      throw new Error(`tmux ${args[0]} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
    }
    return result.stdout;
  }

  /** The visible screen, one string. */
  capture(): Promise<string> {
    return this.tmux("capture-pane", "-p", "-t", "flux");
  }

  /** Sends keys by tmux name ("Enter", "Tab", "Up", "C-c", "q"). */
  async keys(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.tmux("send-keys", "-t", "flux", key);
      await delay(60);
    }
  }

  /** Types `text` literally, a character at a time. */
  async type(text: string): Promise<void> {
    for (const ch of text) {
      await this.tmux("send-keys", "-t", "flux", "-l", ch);
      await delay(15);
    }
  }

  /** Pid of the program in the window (Flux, or the baseline command). */
  async programPid(): Promise<number | undefined> {
    const shell = Number(await this.format("#{pane_pid}"));
    const children = await Deno.readTextFile(`/proc/${shell}/task/${shell}/children`).catch(() =>
      ""
    );
    const env = children.trim().split(/\s+/).map(Number).filter((n) => n > 0);
    // sh -> env -> program: env execs the program, so the child of sh is the program itself.
    return env[0];
  }

  /** A tmux format of the pane, e.g. "#{alternate_on}". */
  async format(format: string): Promise<string> {
    return (await this.tmux("display-message", "-p", "-t", "flux", format)).trim();
  }

  /** Resizes the window as a user dragging the terminal would. */
  async resize(columns: number, rows: number): Promise<void> {
    await this.tmux("resize-window", "-t", "flux", "-x", String(columns), "-y", String(rows));
  }

  /** Polls the screen every `pollMs` until `pattern` matches; throws with the last screen when it does not. */
  async waitFor(
    pattern: RegExp | ((screen: string) => boolean),
    timeoutMs = 20_000,
    pollMs = 100,
  ): Promise<string> {
    const matches = typeof pattern === "function" ? pattern : (s: string) => pattern.test(s);
    const deadline = Date.now() + timeoutMs;
    let screen = "";
    while (Date.now() < deadline) {
      screen = await this.capture();
      if (matches(screen)) return screen;
      await delay(pollMs);
    }
    throw new Error(`Timed out after ${timeoutMs} ms waiting for ${pattern}; screen:\n${screen}`);
  }

  /** Stops the tmux server and everything in it, and removes its socket file (tmux 3.3 leaves it). */
  async kill(): Promise<void> {
    await runProcess("tmux", ["-L", this.socket, "kill-server"], { timeoutMs: 10_000 });
    if (this.#socketPath) await Deno.remove(this.#socketPath).catch(() => {});
  }
}

/** True when tmux is installed. */
export async function hasTmux(): Promise<boolean> {
  const result = await runProcess("tmux", ["-V"], { timeoutMs: 5000 });
  return result.code === 0;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
