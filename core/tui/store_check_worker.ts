/**
 * The worker of `FluxBackend.checkStore()`: runs `PRAGMA quick_check` on the session store whose path it
 * is sent and posts back `null` (sound) or the first problem SQLite names.
 * @module
 */
/// <reference lib="deno.worker" />
import { quickCheck } from "../session/open_session_db.ts";

self.onmessage = (event: MessageEvent<{ file: string }>) => {
  self.postMessage(quickCheck(event.data.file));
};
