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
  // 2: names, pins and full-text search over the text inside each event.
  `ALTER TABLE sessions ADD COLUMN name TEXT;
   ALTER TABLE sessions ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
   CREATE VIRTUAL TABLE IF NOT EXISTS events_fts
     USING fts5(text, content='', contentless_delete=1);
   CREATE TRIGGER IF NOT EXISTS events_fts_insert AFTER INSERT ON events BEGIN
     INSERT INTO events_fts(rowid, text) VALUES (new.id, new.event_type || ' ' || ifnull(
       (SELECT group_concat(value, ' ') FROM json_tree(new.data) WHERE type = 'text'), ''));
   END;
   CREATE TRIGGER IF NOT EXISTS events_fts_delete AFTER DELETE ON events BEGIN
     DELETE FROM events_fts WHERE rowid = old.id;
   END;
   INSERT INTO events_fts(rowid, text)
     SELECT id, event_type || ' ' || ifnull(
       (SELECT group_concat(value, ' ') FROM json_tree(events.data) WHERE type = 'text'), '')
     FROM events;`,
];

/** The version a fully migrated database has. */
export const SCHEMA_VERSION = MIGRATIONS.length;
