/**
 * Whether a step with `sources:` is up to date: its fingerprint now against the one of its last successful
 * run, and every `generates` glob matching a file. Only reads.
 */
import {
  describeChange,
  expandGlobs,
  fingerprintOf,
  firstProgram,
  type StepInputs,
  stepInputs,
  type ToolResolver,
} from "./step_fingerprint.ts";
import { clock, type StoredFingerprint } from "./workflow_history.ts";
import type { PlannedStep } from "./workflow_plan.ts";
import type { VariableLookup } from "./context_variables.ts";

/** The answer for one step. */
export interface UpToDateCheck {
  upToDate: boolean;
  /** Why it runs or is skipped, in words. */
  why: string;
  fingerprint: string;
  inputs: StepInputs;
  programs: string[];
  previous?: StoredFingerprint;
}

/** Checks `step` against `previous`; `force` makes it run whatever the answer. */
export async function checkUpToDate(
  step: PlannedStep,
  projectDir: string,
  previous: StoredFingerprint | undefined,
  resolveTool: ToolResolver,
  force: boolean,
  values?: VariableLookup,
): Promise<UpToDateCheck> {
  const programs = programsOf(step, previous?.programs ?? []);
  const inputs = await stepInputs(step, projectDir, programs, resolveTool, values);
  const fingerprint = fingerprintOf(inputs);
  const base = { fingerprint, inputs, programs, ...(previous ? { previous } : {}) };
  if (force) return { ...base, upToDate: false, why: "--force reruns every step" };
  if (!previous) {
    return { ...base, upToDate: false, why: "no successful run with these sources: recorded yet" };
  }
  if (previous.fingerprint !== fingerprint) {
    const change = describeChange(previous.inputs, inputs) ?? "its inputs changed";
    return {
      ...base,
      upToDate: false,
      why: `${change} (fingerprint ${previous.fingerprint} → ${fingerprint})`,
    };
  }
  for (const glob of step.generates ?? []) {
    if ((await expandGlobs(projectDir, [glob])).length === 0) {
      return { ...base, upToDate: false, why: `generates "${glob}" matches no file` };
    }
  }
  return {
    ...base,
    upToDate: true,
    why: `up to date: sources unchanged since ${
      clock(previous.runAt)
    } (fingerprint ${fingerprint})`,
  };
}

/** The programs a step runs: a command's first word, else what its last run reported. */
export function programsOf(step: PlannedStep, reported: string[]): string[] {
  const first = step.command === undefined ? undefined : firstProgram(step.command);
  return first ? [first] : reported;
}

/** The program a tool step ran, from its result's `data.command`. */
export function programsFromData(data: unknown): string[] {
  const command = (data as { command?: unknown } | null)?.command;
  return Array.isArray(command) && typeof command[0] === "string" ? [command[0]] : [];
}
