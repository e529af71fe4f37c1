/**
 * A Flux process that streams events into a project's session store, for the crash and concurrency tests.
 * Usage: deno run -A _writer.ts PROJECT_DIR COUNT TAG [GO_FILE]   (COUNT 0 streams until killed)
 * With GO_FILE it opens the store, prints "ready" and waits for that file to exist before writing.
 * Prints "ack <event id> <seq>" once each event's transaction has committed; errors go to stderr, exit 1.
 */
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";

const [dir = ".", countText = "0", tag = "w", goFile] = Deno.args;
const count = Number(countText);
const encoder = new TextEncoder();
try {
  const sessions = new SessionManager(dir);
  if (goFile) {
    Deno.stdout.writeSync(encoder.encode("ready\n"));
    while (!exists(goFile)) await new Promise((r) => setTimeout(r, 5));
  }
  for (let seq = 0; count === 0 || seq < count; seq++) {
    const id = seq % 5 === 0
      ? sessions.recordEvent(EventType.FILE_EDIT, { file: `src/${tag}_${seq % 7}.ts`, tag, seq })
      : sessions.recordEvent(EventType.COMMAND, { command: `make ${tag} step ${seq}`, tag, seq });
    Deno.stdout.writeSync(encoder.encode(`ack ${id} ${seq}\n`));
  }
  sessions.close();
} catch (error) {
  console.error(`writer ${tag}: ${error instanceof Error ? error.message : String(error)}`);
  Deno.exit(1);
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
