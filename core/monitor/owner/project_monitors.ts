/**
 * One set of monitors per project: the first Flux process that watches a project owns its monitors (runs
 * them, records their events, sends notifications) and listens on `.flux/owner.sock`; a second TUI or
 * `flux watch` attaches to it and receives the same updates instead of starting its own. When the owner
 * goes away (it stopped and said `bye`, or it was killed and the connection closed), each client tries to
 * become the owner again: one wins the lock and starts its monitors from the states it was streamed, the
 * others attach to it. See ARCHITECTURE.md ("One set of monitors per project").
 */
import { type Claim, tryClaim } from "./_claim_ownership.ts";
import { connectOwner } from "./connect_owner.ts";
import { MonitorSnapshot } from "./_monitor_snapshot.ts";
import type { MonitorUpdate } from "./monitor_update.ts";
import type {
  CheckAnswer,
  CheckRequest,
  ClientInfo,
  OwnerInfo,
  OwnerMessage,
} from "./owner_protocol.ts";
import { OwnerServer } from "./owner_server.ts";
import type { MonitorState } from "../_transition.ts";
import type { LineChannel } from "./_line_channel.ts";
import { ownerSocketPath } from "./owner_paths.ts";
import { VERSION } from "../../version.ts";

/** What this process is for the project's monitors. */
export type MonitorRole = "owner" | "client";

/** Monitors this process started as the owner. */
export interface OwnMonitors {
  stop(): Promise<void>;
  /** Runs monitor `name`'s check now (asked for by a person, here or in an attached process). */
  checkNow?(name: string): Promise<CheckAnswer>;
}

/** Options of {@linkcode ProjectMonitors}. */
export interface ProjectMonitorsOptions {
  /** What this process is, as `flux status` shows it: "flux watch", "flux (TUI)". */
  command: string;
  /**
   * Starts this process's own monitors, each update to `emit`. `known`: each monitor's last state as this
   * process was shown it (empty at first start; the owner's stream after a takeover).
   */
  startOwn(
    emit: (update: MonitorUpdate) => void,
    known: Map<string, MonitorState>,
  ): Promise<OwnMonitors>;
  /** Called when this process becomes the owner or attaches; `takeover` after the previous owner left. */
  onRole?(role: MonitorRole, owner: OwnerInfo, takeover: boolean): void;
  /** A problem after start (a takeover that failed); start() throws its own. */
  onWarning?(line: string): void;
  /** Milliseconds between two tries to own or attach (randomized by half either way). */
  retryMs?: number;
  /** Milliseconds start() waits for an owner that holds the lock but does not answer yet. */
  waitMs?: number;
}

const defaults = { retryMs: 200, waitMs: 60_000 };

/** The owner of a project's monitors refused this process (another protocol version). */
export class OwnerRefusedError extends Error {
  override name = "OwnerRefusedError";
}

/** Owns or attaches to a project's monitors; see the module comment. */
export class ProjectMonitors {
  readonly projectDir: string;
  #options: ProjectMonitorsOptions;
  #listener: (update: MonitorUpdate) => void = () => {};
  #snapshot = new MonitorSnapshot();
  #role: MonitorRole | undefined;
  #owner: OwnerInfo | undefined;
  #claim: Claim | undefined;
  #server: OwnerServer | undefined;
  #own: OwnMonitors | undefined;
  #channel: LineChannel | undefined;
  #settling: Promise<void> = Promise.resolve();
  #started = false;
  #stopped = false;
  /** Checks this client asked the owner for, by request id. */
  #asked = new Map<number, (answer: CheckAnswer) => void>();
  #nextId = 1;

  constructor(projectDir: string, options: ProjectMonitorsOptions) {
    this.projectDir = projectDir;
    this.#options = options;
  }

  /** Owner, client, or undefined (not started, stopped, or between two owners). */
  get role(): MonitorRole | undefined {
    return this.#role;
  }

  /** Who owns the monitors (this process when it is the owner). */
  get owner(): OwnerInfo | undefined {
    return this.#owner;
  }

  /** The processes attached to this one (none unless this process is the owner). */
  clients(): ClientInfo[] {
    return this.#server?.clients() ?? [];
  }

  /** Owns or attaches; every update (own or streamed) goes to `listener`. */
  async start(listener: (update: MonitorUpdate) => void): Promise<MonitorRole> {
    if (this.#started) throw new Error("ProjectMonitors.start() was called twice");
    this.#started = true;
    this.#listener = listener;
    const settling = this.#settle(false);
    this.#settling = settling.catch(() => {});
    await settling;
    if (!this.#role) throw new Error("Monitoring was stopped before it started");
    return this.#role;
  }

  /**
   * Runs monitor `name`'s check now: here when this process owns the monitors, else by asking the owner
   * (its progress arrives with the other updates). Resolves with the state the check left, or why not.
   */
  checkNow(name: string): Promise<CheckAnswer> {
    if (this.#role === "owner") {
      return this.#own?.checkNow?.(name) ??
        Promise.resolve({ ok: false, error: "the monitors are still starting: ask again" });
    }
    const channel = this.#channel;
    if (this.#role !== "client" || !channel) {
      return Promise.resolve({ ok: false, error: "no process runs this project's monitors now" });
    }
    const id = this.#nextId++;
    const { promise, resolve } = Promise.withResolvers<CheckAnswer>();
    this.#asked.set(id, resolve);
    channel.send({ type: "check", id, monitor: name } satisfies CheckRequest);
    return promise;
  }

  /** Answers every check asked of an owner that went away. */
  #forgetAsked(why: string): void {
    for (const resolve of this.#asked.values()) resolve({ ok: false, error: why });
    this.#asked.clear();
  }

  /** Stops owning (own monitors stopped, clients told `bye`, socket removed, lock dropped) or detaches. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#forgetAsked("monitoring stopped before the check finished");
    await this.#settling;
    this.#role = undefined;
    const own = this.#own;
    this.#own = undefined;
    // Held notifications are delivered (and streamed) by stop(), before the clients hear bye.
    await own?.stop();
    await this.#server?.close("the owner stopped");
    this.#server = undefined;
    this.#claim?.release();
    this.#claim = undefined;
    this.#channel?.close();
    this.#channel = undefined;
  }

  /** Owns, or attaches, retrying while the lock is held by a process not listening yet. */
  async #settle(takeover: boolean): Promise<void> {
    const o = { ...defaults, ...this.#options };
    const deadline = Date.now() + o.waitMs;
    while (!this.#stopped) {
      let claim: Claim | undefined;
      try {
        claim = await tryClaim(this.projectDir);
      } catch (error) {
        // No lock or socket can be made here (a read-only .flux/, a file in the way): run unshared.
        return await this.#runAlone(error, takeover);
      }
      if (claim) {
        if (this.#stopped) return claim.release();
        return await this.#becomeOwner(claim, takeover);
      }
      const connection = await connectOwner(this.projectDir, "client", o.command);
      if (connection.kind === "refused") throw new OwnerRefusedError(connection.message);
      if (connection.kind === "attached") {
        if (this.#stopped) return connection.channel.close();
        this.#role = "client";
        this.#owner = connection.welcome.owner;
        this.#channel = connection.channel;
        this.#options.onRole?.("client", connection.welcome.owner, takeover);
        for (const update of connection.welcome.snapshot) this.#deliver(update);
        void this.#follow(connection.messages);
        return;
      }
      if (!takeover && Date.now() > deadline) {
        throw new Error(
          `Another Flux process holds the monitors of "${this.projectDir}" but does not answer on "${
            ownerSocketPath(this.projectDir)
          }": see flux status, or stop that process`,
        );
      }
      await delay(o.retryMs * (0.5 + Math.random()));
    }
  }

  async #becomeOwner(claim: Claim, takeover: boolean): Promise<void> {
    const info: OwnerInfo = {
      pid: Deno.pid,
      command: this.#options.command,
      since: new Date().toISOString(),
      version: VERSION,
    };
    const server = new OwnerServer(
      claim.listener,
      info,
      () => this.#snapshot.updates(),
      (name) => this.checkNow(name),
    );
    this.#claim = claim;
    this.#server = server;
    this.#role = "owner";
    this.#owner = info;
    this.#options.onRole?.("owner", info, takeover);
    try {
      this.#own = await this.#options.startOwn(
        (update) => {
          this.#server?.broadcast(update);
          this.#deliver(update);
        },
        this.#snapshot.knownStates(),
      );
    } catch (error) {
      this.#role = undefined;
      this.#server = undefined;
      this.#claim = undefined;
      await server.close("the owner could not start its monitors");
      claim.release();
      throw error;
    }
  }

  async #runAlone(error: unknown, takeover: boolean): Promise<void> {
    const why = error instanceof Error ? error.message : String(error);
    this.#options.onWarning?.(
      `Cannot share this project's monitors with other Flux processes (${why}): running them here only`,
    );
    const info: OwnerInfo = {
      pid: Deno.pid,
      command: this.#options.command,
      since: new Date().toISOString(),
      version: VERSION,
    };
    this.#role = "owner";
    this.#owner = info;
    this.#options.onRole?.("owner", info, takeover);
    try {
      this.#own = await this.#options.startOwn(
        (update) => this.#deliver(update),
        this.#snapshot.knownStates(),
      );
    } catch (startError) {
      this.#role = undefined;
      throw startError;
    }
  }

  /** Streams the owner's updates; when it goes away, tries to own or attach again. */
  async #follow(messages: AsyncGenerator<OwnerMessage>): Promise<void> {
    for await (const message of messages) {
      if (message.type === "bye") break;
      if (message.type === "update") this.#deliver(message.update);
      if (message.type === "checked") {
        this.#asked.get(message.id)?.(message.answer);
        this.#asked.delete(message.id);
      }
    }
    this.#forgetAsked(
      "the process that ran the monitors stopped before the check finished: ask again",
    );
    this.#channel?.close();
    this.#channel = undefined;
    if (this.#stopped) return;
    this.#role = undefined;
    this.#owner = undefined;
    this.#settling = this.#settle(true).catch((error) => {
      this.#options.onWarning?.(
        `Cannot take over the monitors: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  #deliver(update: MonitorUpdate): void {
    this.#snapshot.track(update);
    try {
      this.#listener(update);
    } catch {
      // A broken listener must not stop the monitors or the stream.
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
