/**
 * The schema of `.flux/sessions.db`, one step per version (`PRAGMA user_version`). Each step runs inside
 * the same `BEGIN IMMEDIATE` transaction as the version bump, so a crash leaves either the old or the new
 * schema. Never edit a released step: add a new one. Tables this module does not know (the plugin host keeps
 * `plugin_grants` in the same file) are left alone.
 */

/** SQL that brings the schema from version `index` to `index + 1`. */
export const MIGRATIONS: readonly string[] = [
  // 1: the seed's schema.
  `CREATE TABLE IF NOT EXISTS sessions (
     session_id TEXT PRIMARY KEY,
     project_path TEXT NOT NULL,
     start_time INTEGER NOT NULL,
     last_active INTEGER NOT NULL,
     data TEXT NOT NULL DEFAULT '{}'
   );
   CREATE INDEX IF NOT EXISTS sessions_last_active ON sessions(last_active DESC);
   CREATE TABLE IF NOT EXISTS events (
     id INTEGER PRIMARY KEY,
     session_id TEXT NOT NULL REFERENCES sessions(session_id) ON DELETE CASCADE,
     timestamp INTEGER NOT NULL,
     event_type TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS events_session_time ON events(session_id, timestamp DESC, id DESC);`,
  // 2: names, pins and full-text search over the text inside each event. The index is filled in batches
  // (see SessionStore.indexPending) up to `fts_indexed_through`: indexing each event in its own transaction
  // would cost three quarters of the write rate, and the events themselves are already durable.
  `ALTER TABLE sessions ADD COLUMN name TEXT;
   ALTER TABLE sessions ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE IF NOT EXISTS session_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
   CREATE VIRTUAL TABLE IF NOT EXISTS events_fts
     USING fts5(text, content='', contentless_delete=1);
   CREATE TRIGGER IF NOT EXISTS events_fts_delete AFTER DELETE ON events
     WHEN old.id <= (SELECT value FROM session_meta WHERE key = 'fts_indexed_through')
   BEGIN
     DELETE FROM events_fts WHERE rowid = old.id;
   END;
   INSERT OR REPLACE INTO session_meta (key, value) VALUES ('fts_indexed_through', 0);`,
  // 3: the events index in ascending order. Events arrive in time order, so a DESC index takes every insert
  // at the left edge of the session's range and leaves its pages half empty (78 MB per million events
  // instead of 46). SQLite reads an ascending index backwards for "newest first" without a sort, so the
  // seed's (session_id, timestamp DESC) queries are served exactly as fast.
  `DROP INDEX IF EXISTS events_session_time;
   CREATE INDEX events_session_time ON events(session_id, timestamp, id);`,
  // 4: the webhook outbox, one row per undelivered message, so that concurrent Flux processes add and remove
  // messages in transactions (a shared JSON file lost messages to read-modify-write races). `claimed_by` is
  // the sink (process) that posts the message; a claim older than the sink's lease may be taken over.
  `CREATE TABLE IF NOT EXISTS notify_outbox (
     id TEXT PRIMARY KEY,
     hook TEXT NOT NULL,
     text TEXT NOT NULL,
     created TEXT NOT NULL,
     queued_at INTEGER NOT NULL,
     claimed_by TEXT,
     claimed_at INTEGER
   );
   CREATE INDEX IF NOT EXISTS notify_outbox_queued ON notify_outbox(queued_at);`,
  // 5 (i14): workflow runs and step fingerprints, per project and not per session: a step stays up to date
  // and a failed run stays resumable across sessions. `steps` is the JSON of each step's outcome, why it
  // ran or was skipped and its (masked, capped) output; `inputs` holds hashes only, never values.
  `CREATE TABLE IF NOT EXISTS workflow_runs (
     run_id INTEGER PRIMARY KEY,
     workflow TEXT NOT NULL,
     definition_hash TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     finished_at INTEGER NOT NULL,
     status TEXT NOT NULL,
     steps TEXT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS workflow_runs_name ON workflow_runs(workflow, run_id);
   CREATE TABLE IF NOT EXISTS step_fingerprints (
     workflow TEXT NOT NULL,
     step TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     inputs TEXT NOT NULL,
     programs TEXT NOT NULL,
     output TEXT NOT NULL,
     run_at INTEGER NOT NULL,
     PRIMARY KEY (workflow, step)
   );`,
  // 6: every test of every run. One `test_runs` row per run (what was run, on which content) and one
  // `test_results` row per test; both go with their session (retention), results with their run.
  `CREATE TABLE IF NOT EXISTS test_runs (
     run_id INTEGER PRIMARY KEY,
     session_id TEXT NOT NULL REFERENCES sessions(session_id) ON DELETE CASCADE,
     started_at INTEGER NOT NULL,
     source TEXT NOT NULL,
     stage TEXT NOT NULL,
     tool TEXT NOT NULL,
     status TEXT NOT NULL,
     content_hash TEXT NOT NULL,
     duration_ms INTEGER NOT NULL
   );
   CREATE INDEX IF NOT EXISTS test_runs_session ON test_runs(session_id, started_at);
   CREATE TABLE IF NOT EXISTS test_results (
     run_id INTEGER NOT NULL REFERENCES test_runs(run_id) ON DELETE CASCADE,
     test_id TEXT NOT NULL,
     outcome TEXT NOT NULL,
     duration_ms REAL,
     content_hash TEXT NOT NULL,
     message TEXT
   );
   CREATE INDEX IF NOT EXISTS test_results_run ON test_results(run_id);
   CREATE INDEX IF NOT EXISTS test_results_test ON test_results(test_id, run_id);`,
];

/** The version a fully migrated database has. */
export const SCHEMA_VERSION = MIGRATIONS.length;
