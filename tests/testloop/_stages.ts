/** Helpers of the widening-loop tests: waiting for stage events and reading their order. */
import type { MonitorEvent } from "../../core/monitor/monitor_event.ts";
import { until } from "../monitor/_helpers.ts";

/** Index of the first event at or after `from` matching `match`, waiting up to `ms` for it. */
export async function next(
  events: MonitorEvent[],
  from: number,
  match: (e: MonitorEvent) => boolean,
  what: string,
  ms = 120_000,
): Promise<number> {
  let at = -1;
  await until(
    () => {
      at = events.findIndex((e, i) => i >= from && match(e));
      return at >= 0;
    },
    what,
    ms,
  );
  return at;
}

/** A `stage` event of stage `name`. */
export function stage(name: string): (e: MonitorEvent) => boolean {
  return (e) => e.kind === "stage" && e.stage === name;
}

/** A notification whose title matches. */
export function note(title: RegExp): (e: MonitorEvent) => boolean {
  return (e) => e.kind === "notification" && title.test(e.title ?? "");
}

/** Test names of an event's items. */
export function names(e: MonitorEvent | undefined): string[] {
  return (e?.items ?? []).map((i) => i.name ?? "").sort();
}

/**
 * A fixture's own pytest.ini that keeps the machine's third-party pytest plugins out (hypothesis and
 * pytest-benchmark are installed here and cost about 0.8 s of CPU per pytest run, four times the rest).
 * Flux and a plain shell both read it, so what is compared is still the same pytest's verdict; it only
 * makes each of a test's many runs cheaper.
 */
export const LEAN_PYTEST_INI = "[pytest]\naddopts = -p no:hypothesispytest -p no:benchmark\n";
