/** A temp project with a session that has a task, an edited file, a failing test run and an error. */
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";

/** Creates the project and its session; the caller removes the folder. */
export async function projectWithSession(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "flux-ai-" });
  const sessions = new SessionManager(dir);
  try {
    sessions.startNewSession();
    sessions.setCurrentTask("Debugging login authentication");
    sessions.recordEvent(EventType.FILE_EDIT, { file: "auth.py", lines_changed: 42 });
    sessions.updateTestStatus({ total: 15, passed: 12, failed: 3 });
    sessions.recordError({
      message: "ImportError: Cannot import 'validate_token'",
      file: "auth.py",
      line: 23,
    });
  } finally {
    sessions.close();
  }
  return dir;
}

/** Every byte of the project's session database files, as text (for "never stored" checks). */
export async function sessionDbBytes(dir: string): Promise<string> {
  let all = "";
  for await (const entry of Deno.readDir(`${dir}/.flux`)) {
    if (entry.name.startsWith("sessions.db")) {
      all += new TextDecoder("latin1").decode(await Deno.readFile(`${dir}/.flux/${entry.name}`));
    }
  }
  return all;
}
