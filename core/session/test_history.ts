/**
 * Every test of every run, in the session store (`test_runs` and `test_results`): what the tests monitor,
 * a workflow's test step and `flux tests hunt` ran, on which content of the working tree, and how each
 * test came out. `flux tests last|history|slow|flaky` read it; the tests monitor asks it which failures
 * are known to be flaky. Rows are narrowed on the way out: the file may be old or edited.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";

/** How one test came out. */
export type TestOutcome = "passed" | "failed" | "error" | "skipped";

/** One test of a run, as the runner names it (pytest node id, `file::name` for the others). */
export interface TestCaseResult {
  id: string;
  outcome: TestOutcome;
  durationMs?: number;
  /** One line, for failures. */
  message?: string;
}

/** One run to record. */
export interface TestRunRecord {
  /** Who ran it: "monitor", "workflow", "hunt". */
  source: string;
  /** "failed", "affected", "full", "rerun", "hunt", "step". */
  stage: string;
  tool: string;
  status: string;
  /** Hash of the working tree's relevant files when the run started. */
  contentHash: string;
  startedAt: number;
  durationMs: number;
  cases: TestCaseResult[];
}

/** A recorded run, with its results. */
export interface StoredTestRun {
  runId: number;
  sessionId: string;
  startedAt: string;
  source: string;
  stage: string;
  tool: string;
  status: string;
  contentHash: string;
  durationMs: number;
  results: TestCaseResult[];
}

/** One line of `flux tests history NAME`. */
export interface TestHistoryEntry {
  runId: number;
  startedAt: string;
  stage: string;
  outcome: TestOutcome;
  durationMs: number | null;
  contentHash: string;
  message?: string;
}

/** One line of `flux tests slow`. */
export interface SlowTest {
  id: string;
  /** Mean over its last runs (milliseconds). */
  meanMs: number;
  maxMs: number;
  runs: number;
}

/** One line of `flux tests flaky`, and what the monitor asks about a failure. */
export interface FlakyTest {
  id: string;
  /** Failed (or errored) among its last `runs` results. */
  failed: number;
  runs: number;
  /** failed / runs. */
  flipRate: number;
  /** It both passed and failed on one content hash: the code did not change, the outcome did. */
  flaky: boolean;
}

/** Results per test looked at for failure rates ("failed 3 of last 20 runs"). */
export const FLAKY_WINDOW = 20;

/** Typed access to the test tables of an open session database. */
export class TestHistory {
  #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Inserts a run and its results (call inside the store's write transaction); returns the run id. */
  insert(sessionId: string, run: TestRunRecord): number {
    const info = this.#db.prepare(
      `INSERT INTO test_runs (session_id, started_at, source, stage, tool, status, content_hash,
         duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      sessionId,
      run.startedAt,
      run.source,
      run.stage,
      run.tool,
      run.status,
      run.contentHash,
      Math.round(run.durationMs),
    );
    const runId = Number(info.lastInsertRowid);
    const add = this.#db.prepare(
      `INSERT INTO test_results (run_id, test_id, outcome, duration_ms, content_hash, message)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const c of run.cases) {
      add.run(runId, c.id, c.outcome, c.durationMs ?? null, run.contentHash, c.message ?? null);
    }
    return runId;
  }

  /**
   * Deletes runs older than `cutoff` in unpinned sessions (retention, as for events; a deleted session
   * takes its runs with it); returns how many runs were removed.
   */
  deleteBefore(cutoff: number): number {
    return Number(
      this.#db.prepare(
        `DELETE FROM test_runs WHERE started_at < ?
         AND session_id IN (SELECT session_id FROM sessions WHERE pinned = 0)`,
      ).run(cutoff).changes,
    );
  }

  /**
   * The last recorded run of the whole suite (a `stage` when given; any run when no whole run was
   * recorded), failures first; null when there is none.
   */
  last(stage?: string): StoredTestRun | null {
    const row = stage
      ? this.#get("SELECT * FROM test_runs WHERE stage = ? ORDER BY run_id DESC LIMIT 1", stage)
      : this.#get(
        `SELECT * FROM test_runs ORDER BY stage IN ('full', 'step') DESC, run_id DESC LIMIT 1`,
      );
    if (!row) return null;
    const results = this.#all(
      `SELECT test_id, outcome, duration_ms, message FROM test_results WHERE run_id = ?
       ORDER BY CASE outcome WHEN 'failed' THEN 0 WHEN 'error' THEN 0 WHEN 'skipped' THEN 2 ELSE 1 END,
         test_id`,
      Number(row.run_id),
    ).map(toCase);
    return {
      runId: Number(row.run_id),
      sessionId: String(row.session_id),
      startedAt: iso(row.started_at),
      source: String(row.source),
      stage: String(row.stage),
      tool: String(row.tool),
      status: String(row.status),
      contentHash: String(row.content_hash),
      durationMs: Number(row.duration_ms ?? 0),
      results,
    };
  }

  /** Test ids equal to `name`, or containing it when none is equal. */
  matchIds(name: string): string[] {
    const exact = this.#all("SELECT DISTINCT test_id FROM test_results WHERE test_id = ?", name);
    if (exact.length > 0) return [name];
    return this.#all(
      "SELECT DISTINCT test_id FROM test_results WHERE instr(test_id, ?) > 0 ORDER BY test_id LIMIT 50",
      name,
    ).map((r) => String(r.test_id));
  }

  /** The outcomes of test `id`, newest first. */
  history(id: string, limit = 50): TestHistoryEntry[] {
    return this.#all(
      `SELECT r.run_id, r.started_at, r.stage, t.outcome, t.duration_ms, t.content_hash, t.message
       FROM test_results t JOIN test_runs r ON r.run_id = t.run_id
       WHERE t.test_id = ? ORDER BY t.run_id DESC LIMIT ?`,
      id,
      limit,
    ).map((row) => {
      const entry: TestHistoryEntry = {
        runId: Number(row.run_id),
        startedAt: iso(row.started_at),
        stage: String(row.stage),
        outcome: narrowOutcome(row.outcome),
        durationMs: typeof row.duration_ms === "number" ? row.duration_ms : null,
        contentHash: String(row.content_hash),
      };
      if (typeof row.message === "string") entry.message = row.message;
      return entry;
    });
  }

  /** The slowest tests by mean time over their last recorded runs. */
  slow(limit = 20): SlowTest[] {
    return this.#all(
      `SELECT test_id, avg(duration_ms) AS mean, max(duration_ms) AS max, count(*) AS runs
       FROM (SELECT test_id, duration_ms, row_number() OVER (PARTITION BY test_id ORDER BY run_id DESC)
               AS n FROM test_results WHERE duration_ms IS NOT NULL AND outcome != 'skipped')
       WHERE n <= ? GROUP BY test_id ORDER BY mean DESC, test_id LIMIT ?`,
      FLAKY_WINDOW,
      limit,
    ).map((row) => ({
      id: String(row.test_id),
      meanMs: Math.round(Number(row.mean ?? 0) * 10) / 10,
      maxMs: Math.round(Number(row.max ?? 0) * 10) / 10,
      runs: Number(row.runs ?? 0),
    }));
  }

  /** Tests that both passed and failed on one content hash, highest flip rate first. */
  flaky(limit = 50): FlakyTest[] {
    const ids = this.#all(
      `SELECT test_id FROM test_results GROUP BY test_id, content_hash
       HAVING sum(outcome = 'passed') > 0 AND sum(outcome IN ('failed', 'error')) > 0`,
    ).map((r) => String(r.test_id));
    return [...this.rates([...new Set(ids)]).values()]
      .sort((a, b) => b.flipRate - a.flipRate || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  /** Failure rate over the last {@linkcode FLAKY_WINDOW} results and the flaky mark of each of `ids`. */
  rates(ids: string[]): Map<string, FlakyTest> {
    const out = new Map<string, FlakyTest>();
    for (const id of ids) {
      const recent = this.#all(
        `SELECT outcome FROM test_results WHERE test_id = ? AND outcome != 'skipped'
         ORDER BY run_id DESC LIMIT ?`,
        id,
        FLAKY_WINDOW,
      );
      const failed = recent.filter((r) => r.outcome === "failed" || r.outcome === "error").length;
      const flaky = this.#get(
        `SELECT 1 AS yes FROM test_results WHERE test_id = ? GROUP BY content_hash
         HAVING sum(outcome = 'passed') > 0 AND sum(outcome IN ('failed', 'error')) > 0 LIMIT 1`,
        id,
      ) !== undefined;
      const runs = recent.length;
      out.set(id, { id, failed, runs, flipRate: runs === 0 ? 0 : failed / runs, flaky });
    }
    return out;
  }

  /** Those of `ids` with at least one recorded pass, on any content. */
  everPassed(ids: string[]): Set<string> {
    return new Set(
      ids.filter((id) =>
        this.#get(
          "SELECT 1 AS yes FROM test_results WHERE test_id = ? AND outcome = 'passed' LIMIT 1",
          id,
        ) !== undefined
      ),
    );
  }

  /** Rows in `test_results` (for the size measurement). */
  count(): number {
    return Number(this.#get("SELECT count(*) AS n FROM test_results")?.n ?? 0);
  }

  #get(sql: string, ...params: SQLInputValue[]): Record<string, unknown> | undefined {
    const row: unknown = this.#db.prepare(sql).get(...params);
    return row === undefined ? undefined : row as Record<string, unknown>;
  }

  #all(sql: string, ...params: SQLInputValue[]): Record<string, unknown>[] {
    return this.#db.prepare(sql).all(...params) as Record<string, unknown>[];
  }
}

function toCase(row: Record<string, unknown>): TestCaseResult {
  const c: TestCaseResult = { id: String(row.test_id), outcome: narrowOutcome(row.outcome) };
  if (typeof row.duration_ms === "number") c.durationMs = row.duration_ms;
  if (typeof row.message === "string") c.message = row.message;
  return c;
}

function narrowOutcome(value: unknown): TestOutcome {
  return value === "passed" || value === "failed" || value === "error" || value === "skipped"
    ? value
    : "error";
}

function iso(ms: unknown): string {
  return new Date(Number(ms ?? 0)).toISOString();
}

/** Narrows untrusted cases (a plugin's `data.cases`); entries that are not test cases are dropped. */
export function narrowCases(value: unknown): TestCaseResult[] | null {
  if (!Array.isArray(value)) return null;
  const out: TestCaseResult[] = [];
  for (const c of value) {
    if (typeof c !== "object" || c === null) continue;
    const { id, outcome, durationMs, message } = c as Record<string, unknown>;
    if (typeof id !== "string" || !isOutcome(outcome)) continue;
    const tc: TestCaseResult = { id, outcome };
    if (typeof durationMs === "number" && Number.isFinite(durationMs)) tc.durationMs = durationMs;
    if (typeof message === "string") tc.message = message;
    out.push(tc);
  }
  return out;
}

function isOutcome(value: unknown): value is TestOutcome {
  return value === "passed" || value === "failed" || value === "error" || value === "skipped";
}
