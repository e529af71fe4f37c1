/**
 * `flux session`: look at, search, export, pin and prune what Flux remembers of this project. These
 * commands read the store even under `--incognito` (they record nothing).
 */
import { say, warn } from "./say.ts";
import type { Command } from "../deps/commander.ts";
import { InvalidArgumentError } from "../deps/commander.ts";
import { printJson, resolveProjectDir, rootOf, UsageError } from "./cli_context.ts";
import { FluxFileError } from "../config/load_config.ts";
import { SessionManager } from "../session/session_manager.ts";
import type { Session } from "../session/session_types.ts";
import { describeEvent } from "../session/describe_event.ts";
import { timeAgo } from "../session/time_ago.ts";
import { exportSession } from "../session/export_session.ts";
import { isFile } from "../fs/is_file.ts";

interface JsonOption {
  json?: boolean;
}

/** Registers `flux session` and its subcommands. */
export function registerSessionCommand(program: Command): void {
  const session = program.command("session")
    .description("show, list, search, export, pin and prune remembered sessions");

  session.command("show", { isDefault: true })
    .argument("[id]", "session id, id prefix or name (default: the last)")
    .description("print a session's resume summary and latest events")
    .option("-n, --limit <count>", "events to print", positiveInt, 20)
    .option("--json", "print JSON")
    .action((id: string | undefined, opts: JsonOption & { limit: number }, cmd: Command) => {
      withManager(cmd, (sessions) => {
        const target = id === undefined ? sessions.loadLastSession() : resolve(sessions, id);
        if (target === null) {
          return opts.json ? printJson(null) : say("No sessions yet: Flux records one as you work");
        }
        const events = sessions.recentEvents({ session: target.id, limit: opts.limit });
        if (opts.json) return printJson({ session: target, events });
        say(header(target, sessions.countEvents(target.id)));
        say("");
        say(sessions.getSessionSummary(target));
        if (events.length > 0) say(`\nLast ${events.length} events:`);
        for (const e of events) {
          say(
            `  ${clock(e.timestamp)}  ${e.type.padEnd(13)} ${describeEvent(e.type, e.data)}`,
          );
        }
      });
    });

  session.command("list").description("list sessions, most recently active first")
    .option("-n, --limit <count>", "sessions to list", positiveInt, 50)
    .option("--json", "print JSON")
    .action((opts: JsonOption & { limit: number }, cmd: Command) => {
      withManager(cmd, (sessions) => {
        const list = sessions.listSessions({ limit: opts.limit });
        if (opts.json) return printJson(list);
        if (list.length === 0) return say("No sessions yet");
        const now = new Date();
        for (const s of list) {
          const name = s.name ? ` "${s.name}"` : "";
          const pin = s.pinned ? " 📌" : "";
          const task = s.state.currentTask ? `  ${s.state.currentTask}` : "";
          say(
            `${s.id}${name}${pin}  ${timeAgo(s.lastActive, now)}  ${s.eventCount} events${task}`,
          );
        }
      });
    });

  session.command("search").argument("<text...>", "words to find (prefixes match)")
    .description("find events containing every word")
    .option("-n, --limit <count>", "hits to print", positiveInt, 50)
    .option("--json", "print JSON")
    .action((words: string[], opts: JsonOption & { limit: number }, cmd: Command) => {
      withManager(cmd, (sessions) => {
        const hits = sessions.searchEvents(words.join(" "), { limit: opts.limit });
        if (opts.json) return printJson(hits);
        if (hits.length === 0) return say(`No events match "${words.join(" ")}"`);
        for (const e of hits) {
          say(
            `${e.sessionId}  ${date(e.timestamp)}  ${e.type.padEnd(13)} ${
              describeEvent(e.type, e.data)
            }`,
          );
        }
      });
    });

  session.command("export")
    .argument("[id]", "session id, id prefix or name (default: the current session)")
    .description("print a whole session as JSON or Markdown")
    .option("-f, --format <format>", "json or md", exportFormat, "md")
    .option("--json", "same as --format json")
    .action(
      (id: string | undefined, opts: JsonOption & { format: "json" | "md" }, cmd: Command) => {
        withManager(cmd, (sessions) => {
          const target = id === undefined ? sessions.loadLastSession() : resolve(sessions, id);
          if (target === null) {
            throw new UsageError("No session to export yet: Flux records one as you work");
          }
          const events = sessions.recentEvents({ session: target.id, limit: 1e9 });
          const format = opts.json ? "json" : opts.format;
          const text = exportSession(target, events, format).trimEnd();
          if (format === "json") printJson(JSON.parse(text));
          else say(text);
        });
      },
    );

  session.command("prune").description("delete unpinned sessions older than the retention")
    .option("--dry-run", "only say what would be deleted")
    .option("--days <days>", "retention in days (default: session.retention_days)", positiveInt)
    .option("--json", "print JSON")
    .action((opts: JsonOption & { dryRun?: boolean; days?: number }, cmd: Command) => {
      withManager(cmd, (sessions) => {
        const result = sessions.pruneSessions({
          dryRun: opts.dryRun ?? false,
          ...(opts.days !== undefined ? { retentionDays: opts.days } : {}),
        });
        if (opts.json) return printJson(result);
        if (result.retentionDays === 0) {
          return say("Retention is 0 (keep forever): nothing to prune");
        }
        const verb = result.dryRun ? "Would delete" : "Deleted";
        say(
          `${verb} ${result.sessions.length} session(s), ${result.events} event(s), inactive for over ${result.retentionDays} days`,
        );
        if (result.oldEvents > 0) {
          say(
            `${verb} ${result.oldEvents} older event(s) of sessions still in use (their state stays)`,
          );
        }
        for (const s of result.sessions) {
          say(
            `  ${s.id}  last active ${s.lastActive.toISOString()}  ${s.eventCount} events`,
          );
        }
      });
    });

  for (const [verb, pinned] of [["pin", true], ["unpin", false]] as const) {
    session.command(verb).argument("<id>", "session id, id prefix or name")
      .description(
        pinned ? "keep a session whatever the retention" : "let retention delete it again",
      )
      .option("--json", "print JSON")
      .action((id: string, opts: JsonOption, cmd: Command) => {
        withManager(cmd, (sessions) => {
          const target = resolve(sessions, id);
          sessions.pinSession(target.id, pinned);
          if (opts.json) return printJson({ id: target.id, pinned });
          say(`${pinned ? "Pinned" : "Unpinned"} session ${target.id}`);
        });
      });
  }

  session.command("name").argument("<id>", "session id, id prefix or name")
    .argument("<name...>", "the new name (empty string removes it)")
    .description("name a session")
    .option("--json", "print JSON")
    .action((id: string, words: string[], opts: JsonOption, cmd: Command) => {
      withManager(cmd, (sessions) => {
        const target = resolve(sessions, id);
        const name = words.join(" ").trim() || null;
        sessions.nameSession(target.id, name);
        if (opts.json) return printJson({ id: target.id, name });
        say(name ? `Named session ${target.id} "${name}"` : `Unnamed session ${target.id}`);
      });
    });
}

function withManager(cmd: Command, fn: (sessions: SessionManager) => void): void {
  const projectDir = resolveProjectDir(rootOf(cmd));
  let sessions: SessionManager;
  try {
    // Looking at a project Flux has never recorded must not create .flux/ there.
    const absent = !isFile(`${projectDir}/.flux/sessions.db`);
    // A damaged store is said in one line and the command ends with 1 after showing what it can read.
    sessions = new SessionManager(projectDir, absent ? { incognito: true } : { verify: "report" });
  } catch (error) {
    throw oneLine(error);
  }
  const damaged = sessions.damage === null ? null : new UsageError(
    `the session store "${sessions.dbPath}" is damaged (${sessions.damage}): what it shows may be ` +
      `incomplete; copy it, then "sqlite3 <copy> .recover" rescues what is left`,
    1,
  );
  try {
    fn(sessions);
    if (damaged) {
      warn(`flux: ${damaged.message}`);
      Deno.exitCode = 1;
    }
  } catch (error) {
    if (damaged) throw damaged;
    // SQLite and file-system failures are the store's state, not bugs: one line, exit 1.
    const fromStore = typeof (error as { errcode?: unknown }).errcode === "number" ||
      error instanceof Deno.errors.PermissionDenied;
    throw fromStore ? oneLine(error) : error;
  } finally {
    sessions.close();
  }
}

/** A failure of the session store as one line (exit 1); config mistakes keep their own class. */
function oneLine(error: unknown): unknown {
  if (error instanceof UsageError || error instanceof FluxFileError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n")[0] ?? message;
  return new UsageError(
    /session store/i.test(line) ? line : `Cannot use the session store: ${line}`,
    1,
  );
}

function resolve(sessions: SessionManager, ref: string): Session {
  const found = sessions.findSessions(ref);
  const first = found[0];
  if (!first) throw new UsageError(`No session "${ref}": see flux session list`);
  if (found.length > 1) {
    const ids = found.slice(0, 3).map((s) => s.id).join(", ");
    throw new UsageError(`Session "${ref}" is ambiguous (${ids}, ...): give more of the id`);
  }
  return first;
}

function header(session: Session, events: number): string {
  const name = session.name ? ` "${session.name}"` : "";
  const pin = session.pinned ? ", pinned" : "";
  return `Session ${session.id}${name}: started ${date(session.startTime)}, ${events} events${pin}`;
}

function date(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 19);
}

function clock(d: Date): string {
  return d.toISOString().slice(11, 19);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`"${value}" is not a whole number above 0`);
  }
  return n;
}

function exportFormat(value: string): "json" | "md" {
  if (value !== "json" && value !== "md") {
    throw new InvalidArgumentError(`"${value}" is not a format: use json or md`);
  }
  return value;
}
