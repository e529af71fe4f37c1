/**
 * What Flux remembers of workflow runs, in the project's session store: each step's last successful
 * fingerprint (tables `step_fingerprints`) and each run's steps, why they ran and their outputs
 * (`workflow_runs`). Reading opens the file read-only (checking whether a step is up to date never writes);
 * {@linkcode saveWorkflowRun} writes a finished run in one transaction.
 */
import { requiredList, requiredObject, requiredText } from "../api/required.ts";
import { DatabaseSync } from "node:sqlite";
import { openSessionDb } from "../session/open_session_db.ts";
import { isFile } from "../fs/is_file.ts";
import { type TestCaseResult, TestHistory } from "../session/test_history.ts";
import type { StepInputs } from "./step_fingerprint.ts";
import type { StepStatus } from "./workflow_result.ts";

/** The last successful run of one step with `sources:`. */
export interface StoredFingerprint {
  fingerprint: string;
  inputs: StepInputs;
  /** Programs the step ran (their identity counts in the fingerprint). */
  programs: string[];
  /** What later steps saw as its output (secrets masked). */
  output: string;
  /** Milliseconds since the epoch. */
  runAt: number;
}

/** One step of a stored run. */
export interface StoredStep {
  name: string;
  type: string;
  parent?: string;
  phase: string;
  status: StepStatus;
  /** What conditions of later steps saw: an up-to-date step counts as a success. */
  outcome: StepStatus;
  /** Why it ran or was skipped, in one line. */
  why: string;
  /** Its output for later steps (masked, capped). */
  output: string;
  continued?: boolean;
}

/** One stored run. */
export interface StoredRun {
  workflow: string;
  definitionHash: string;
  startedAt: number;
  finishedAt: number;
  status: string;
  steps: StoredStep[];
}

/** Longest output kept per step. */
const MAX_STORED_OUTPUT = 100_000;
/** Runs kept per workflow. */
const KEPT_RUNS = 20;

/** Read-only access to the history; every method answers "nothing" when there is no store yet. */
export class WorkflowHistory {
  #file: string;
  #db: DatabaseSync | undefined;
  #opened = false;

  constructor(projectDir: string) {
    requiredText(projectDir, "WorkflowHistory's projectDir", 'new WorkflowHistory("/project")');
    this.#file = `${projectDir}/.flux/sessions.db`;
  }

  /** The last successful fingerprint of each step of `workflow` that has one. */
  fingerprints(workflow: string): Map<string, StoredFingerprint> {
    const rows = this.#all(
      "SELECT * FROM step_fingerprints WHERE workflow = ?",
      workflow,
    );
    return new Map(rows.map((r) => [
      String(r.step),
      {
        fingerprint: String(r.fingerprint),
        inputs: JSON.parse(String(r.inputs)) as StepInputs,
        programs: JSON.parse(String(r.programs)) as string[],
        output: String(r.output),
        runAt: Number(r.run_at),
      },
    ]));
  }

  /** The last run of `workflow`, if any. */
  lastRun(workflow: string): StoredRun | undefined {
    const row = this.#all(
      "SELECT * FROM workflow_runs WHERE workflow = ? ORDER BY run_id DESC LIMIT 1",
      workflow,
    )[0];
    return row ? toRun(row) : undefined;
  }

  /**
   * The tests monitor's last whole-suite run (stage `full`), with its results; undefined when there is
   * none or the store has no test history.
   */
  monitorTestRun():
    | { status: string; contentHash: string; startedAt: number; results: TestCaseResult[] }
    | undefined {
    const db = this.#open();
    if (!db) return undefined;
    try {
      const last = new TestHistory(db).last("full");
      if (!last || last.source !== "monitor") return undefined;
      return {
        status: last.status,
        contentHash: last.contentHash,
        startedAt: Date.parse(last.startedAt),
        results: last.results,
      };
    } catch {
      return undefined; // A store from before the test history.
    }
  }

  /** The last run of every workflow that ran. */
  lastRuns(): Map<string, StoredRun> {
    const rows = this.#all(
      `SELECT * FROM workflow_runs WHERE run_id IN (SELECT max(run_id) FROM workflow_runs GROUP BY workflow)`,
    );
    return new Map(rows.map((r) => [String(r.workflow), toRun(r)]));
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  #all(sql: string, ...params: string[]): Record<string, unknown>[] {
    const db = this.#open();
    if (!db) return [];
    try {
      return db.prepare(sql).all(...params) as Record<string, unknown>[];
    } catch {
      // A store from before these tables (or one being set aside): nothing remembered.
      return [];
    }
  }

  #open(): DatabaseSync | undefined {
    if (this.#opened) return this.#db;
    this.#opened = true;
    if (!isFile(this.#file)) return undefined;
    try {
      this.#db = new DatabaseSync(this.#file, { readOnly: true });
    } catch {
      this.#db = undefined;
    }
    return this.#db;
  }
}

function toRun(r: Record<string, unknown>): StoredRun {
  return {
    workflow: String(r.workflow),
    definitionHash: String(r.definition_hash),
    startedAt: Number(r.started_at),
    finishedAt: Number(r.finished_at),
    status: String(r.status),
    steps: JSON.parse(String(r.steps)) as StoredStep[],
  };
}

/** A fingerprint to keep after a step succeeded. */
export interface FingerprintToSave extends Omit<StoredFingerprint, "runAt"> {
  /** The workflow the step belongs to (a called workflow's steps keep their own). */
  workflow: string;
  step: string;
}

/** Writes a finished run and the fingerprints of its successful steps, in one transaction. */
export function saveWorkflowRun(
  projectDir: string,
  run: StoredRun,
  fingerprints: FingerprintToSave[],
): void {
  requiredText(projectDir, "saveWorkflowRun's projectDir", 'saveWorkflowRun("/project", run, [])');
  requiredObject(run, "saveWorkflowRun's run", 'saveWorkflowRun("/project", run, [])');
  requiredList(
    fingerprints,
    "saveWorkflowRun's fingerprints",
    'saveWorkflowRun("/project", run, [])',
  );
  const db = openSessionDb(`${projectDir}/.flux/sessions.db`);
  try {
    saveWorkflowRunTo(db, run, fingerprints);
  } finally {
    db.close();
  }
}

/** {@linkcode saveWorkflowRun} into a store that is already open (the one the run's event goes to). */
export function saveWorkflowRunTo(
  db: DatabaseSync,
  run: StoredRun,
  fingerprints: FingerprintToSave[],
): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    const steps = run.steps.map((s) => ({ ...s, output: cap(s.output) }));
    db.prepare(
      `INSERT INTO workflow_runs (workflow, definition_hash, started_at, finished_at, status, steps)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      run.workflow,
      run.definitionHash,
      run.startedAt,
      run.finishedAt,
      run.status,
      JSON.stringify(steps),
    );
    db.prepare(
      `DELETE FROM workflow_runs WHERE workflow = ? AND run_id NOT IN
         (SELECT run_id FROM workflow_runs WHERE workflow = ? ORDER BY run_id DESC LIMIT ?)`,
    ).run(run.workflow, run.workflow, KEPT_RUNS);
    const put = db.prepare(
      `INSERT OR REPLACE INTO step_fingerprints
         (workflow, step, fingerprint, inputs, programs, output, run_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const f of fingerprints) {
      put.run(
        f.workflow,
        f.step,
        f.fingerprint,
        JSON.stringify(f.inputs),
        JSON.stringify(f.programs),
        cap(f.output),
        run.finishedAt,
      );
    }
    db.exec("COMMIT");
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

function cap(text: string): string {
  return text.length > MAX_STORED_OUTPUT ? text.slice(-MAX_STORED_OUTPUT) : text;
}

/** `12:03` today, `Dec 4 12:03` on another day. */
export function clock(ms: number, now = new Date()): string {
  const at = new Date(ms);
  const time = `${String(at.getHours()).padStart(2, "0")}:${
    String(at.getMinutes()).padStart(2, "0")
  }`;
  if (at.toDateString() === now.toDateString()) return time;
  return `${at.toLocaleString("en-US", { month: "short" })} ${at.getDate()} ${time}`;
}
