/**
 * What a process keeps of the monitor updates it has seen, as owner or client: each monitor's latest state
 * and latest check. The owner sends it to a client that attaches; a client that takes over starts its
 * monitors from it, so its first result is compared with what the person was shown last (a change is
 * reported once, and one the old owner found but had not yet recorded is not lost).
 */
import { type MonitorUpdate, wholeCheck } from "./monitor_update.ts";
import type { MonitorEvent } from "../monitor_event.ts";
import type { MonitorState } from "../_transition.ts";

/** The latest state and check per monitor. */
export class MonitorSnapshot {
  #states = new Map<string, MonitorEvent>();
  #runs = new Map<string, MonitorUpdate>();

  /** Keeps what `update` says about a monitor's state or last check. */
  track(update: MonitorUpdate): void {
    if (update.type === "event") {
      const e = update.event;
      if ((e.kind === "state" || e.kind === "state_change") && e.to !== undefined) {
        this.#states.set(e.monitor, e);
      }
    } else if (update.type === "run_finished") {
      // An early stage or a confirmation run is not the monitor's last check (its counts are a part).
      if (wholeCheck(update)) this.#runs.set(update.monitor, update);
    } else if (update.type === "run_failed" && update.stage !== "rerun") {
      // A failed call ends its check at any stage, as on the owner's screen.
      this.#runs.set(update.monitor, update);
    }
  }

  /** Each monitor's state as a `state` event, then each monitor's last check. */
  updates(): MonitorUpdate[] {
    const states: MonitorUpdate[] = [...this.#states.values()].map((e) => {
      const { from: _from, ...rest } = e;
      return { type: "event", event: { ...rest, kind: "state" } };
    });
    return [...states, ...this.#runs.values()];
  }

  /** The states seen, as the coordinator keeps them. */
  knownStates(): Map<string, MonitorState> {
    const states = new Map<string, MonitorState>();
    for (const [name, e] of this.#states) {
      states.set(name, {
        status: e.to ?? "unknown",
        summary: e.summary ?? "",
        items: e.items ?? [],
        since: e.time,
      });
    }
    return states;
  }
}
