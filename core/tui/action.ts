/**
 * Everything a person can trigger in the TUI, as one union: keys, the TUI command line and the typed CLI form
 * (`flux wf run quick-check`) all parse into an {@linkcode Action}; {@linkcode formatAction} writes the
 * canonical command-line form back, so `parseAction(formatAction(a))` is `a` for every action.
 */
import { requiredObject } from "../api/required.ts";

/** Where a scroll goes. */
export type ScrollDirection = "up" | "down" | "page_up" | "page_down" | "top" | "bottom";

/** One thing the user asked for. */
export type Action =
  | { type: "run_workflow"; name: string }
  | { type: "list_workflows" }
  | { type: "check"; monitor: string }
  | { type: "autofix" }
  | { type: "watch"; monitor?: string }
  | { type: "unwatch"; monitor?: string }
  | { type: "status" }
  | { type: "set_task"; text: string }
  | { type: "history" }
  | { type: "plugins" }
  | { type: "trust_plugin"; name: string }
  | { type: "deny_plugin"; name: string }
  | { type: "help" }
  | { type: "quit" }
  | { type: "clear" }
  | { type: "ask"; question: string }
  | { type: "scroll"; direction: ScrollDirection }
  | { type: "focus_next" };

/** The slash commands the command line knows, for help and Tab completion. */
export const COMMANDS = [
  { name: "/wf run", args: "NAME", help: "run a workflow (also: wf run NAME, flux wf run NAME)" },
  { name: "/wf list", args: "", help: "list the workflows (typing a workflow's name runs it too)" },
  { name: "/test", args: "", help: "run the tests monitor's check now" },
  {
    name: "/check",
    args: "MONITOR",
    help: "run one monitor's check now (r in the monitors panel)",
  },
  {
    name: "/autofix",
    args: "",
    help: "fix the lint and format findings in place, list what changed",
  },
  { name: "/watch", args: "[MONITOR]", help: "start monitoring (all monitors, or one)" },
  { name: "/unwatch", args: "[MONITOR]", help: "stop monitoring (all monitors, or one)" },
  { name: "/status", args: "", help: "show monitors, tests and the session" },
  { name: "/task", args: "TEXT", help: "set the current task (shown when you come back)" },
  { name: "/history", args: "", help: "show recent session activity" },
  { name: "/plugins", args: "", help: "list plugins and their trust" },
  { name: "/trust", args: "NAME", help: "trust a plugin (after reading its permissions)" },
  { name: "/deny", args: "NAME", help: "keep a plugin switched off" },
  {
    name: "/ask",
    args: "TEXT",
    help: "ask the AI (plain text does the same, unless it names a workflow)",
  },
  { name: "/clear", args: "", help: "clear the notifications feed" },
  { name: "/help", args: "", help: "show keys and commands" },
  { name: "/quit", args: "", help: "leave Flux (also q, Ctrl-C)" },
] as const;

const SCROLL_WORDS: Record<string, ScrollDirection> = {
  up: "up",
  down: "down",
  "page-up": "page_up",
  "page-down": "page_down",
  top: "top",
  bottom: "bottom",
};

/** What the parser knows about the project. */
export interface ParseActionOptions {
  /** Workflow names: a line that is exactly one of them runs it (the seed's `> pr-ready`). */
  workflows?: readonly string[];
}

/**
 * Parses one line of the TUI command line. Slash commands, `wf ...` and `flux ...` are commands; a line that
 * is exactly a workflow's name runs that workflow; any other text is a question to the AI (`/ask` asks
 * one that is a workflow's name). Throws `SyntaxError` with a one-line fix for a malformed command.
 */
export function parseAction(line: string, options: ParseActionOptions = {}): Action {
  if (typeof line !== "string") {
    throw new TypeError('parseAction\'s line is missing: call parseAction("/test")');
  }
  const text = line.trim();
  if (text === "") throw new SyntaxError("Nothing to do: type a command (see /help) or a question");
  const words = text.split(/\s+/);
  const head = words[0] ?? "";
  if (head === "flux" && words.length > 1) return parseCommand(text.slice(4).trim(), text);
  if (head === "wf") return parseCommand(text, text);
  if (head.startsWith("/") && head.length > 1) return parseCommand(text.slice(1), text);
  if (words.length === 1 && options.workflows?.includes(text)) {
    return { type: "run_workflow", name: text };
  }
  return { type: "ask", question: text };
}

/** True when `line` is one word: the only kind of line that can name a workflow. */
export function isOneWord(line: string): boolean {
  return /^\S+$/.test(line.trim());
}

function parseCommand(body: string, original: string): Action {
  const [name = "", ...rest] = body.split(/\s+/);
  const tail = body.slice(name.length).trim();
  const one = (what: string): string => {
    if (rest.length !== 1 || !rest[0]) {
      throw new SyntaxError(
        `"${original}" needs exactly one ${what}: try /${name} ${what.toUpperCase()}`,
      );
    }
    return rest[0];
  };
  const none = (action: Action): Action => {
    if (rest.length > 0) throw new SyntaxError(`"/${name}" takes no arguments: type just /${name}`);
    return action;
  };
  const optional = (action: "watch" | "unwatch"): Action => {
    if (rest.length > 1) {
      throw new SyntaxError(`"/${name}" takes at most one monitor name: try /${name} tests`);
    }
    return rest[0] ? { type: action, monitor: rest[0] } : { type: action };
  };
  switch (name) {
    case "wf":
    case "workflow": {
      const [sub = "", ...args] = rest;
      if (sub === "list" && args.length === 0) return { type: "list_workflows" };
      if (sub === "run" && args.length === 1 && args[0]) {
        return { type: "run_workflow", name: args[0] };
      }
      throw new SyntaxError(`"${original}" is not a workflow command: try wf run NAME or wf list`);
    }
    case "watch":
      return optional("watch");
    case "unwatch":
      return optional("unwatch");
    case "status":
      return none({ type: "status" });
    case "test":
    case "tests":
      return none({ type: "check", monitor: "tests" });
    case "check":
      return { type: "check", monitor: one("monitor") };
    case "autofix":
      return none({ type: "autofix" });
    case "task":
      if (tail === "") {
        throw new SyntaxError('"/task" needs the task text: try /task Fix the login bug');
      }
      return { type: "set_task", text: tail };
    case "history":
      return none({ type: "history" });
    case "plugins":
      return none({ type: "plugins" });
    case "trust":
      return { type: "trust_plugin", name: one("name") };
    case "deny":
      return { type: "deny_plugin", name: one("name") };
    case "help":
      return none({ type: "help" });
    case "quit":
    case "exit":
      return none({ type: "quit" });
    case "clear":
      return none({ type: "clear" });
    case "ask":
      if (tail === "") {
        throw new SyntaxError('"/ask" needs a question: try /ask why do the tests fail?');
      }
      return { type: "ask", question: tail };
    case "scroll": {
      const direction = SCROLL_WORDS[one("direction")];
      if (!direction) {
        throw new SyntaxError(
          `"${original}" has no such direction: use up, down, page-up, page-down`,
        );
      }
      return { type: "scroll", direction };
    }
    case "focus":
      if (rest.length === 1 && rest[0] === "next") return { type: "focus_next" };
      throw new SyntaxError(`"${original}" is not a focus command: try /focus next`);
    default:
      throw new SyntaxError(`Unknown command "/${name}": type /help for the list`);
  }
}

/** The canonical command-line form of `action`; parsing it gives `action` back. */
export function formatAction(action: Action): string {
  requiredObject(action, "formatAction's action", 'formatAction({ type: "help" })');
  switch (action.type) {
    case "run_workflow":
      return `/wf run ${action.name}`;
    case "list_workflows":
      return "/wf list";
    case "check":
      return action.monitor === "tests" ? "/test" : `/check ${action.monitor}`;
    case "autofix":
      return "/autofix";
    case "watch":
    case "unwatch":
      return action.monitor ? `/${action.type} ${action.monitor}` : `/${action.type}`;
    case "status":
    case "history":
    case "plugins":
    case "help":
    case "quit":
    case "clear":
      return `/${action.type}`;
    case "set_task":
      return `/task ${action.text}`;
    case "trust_plugin":
      return `/trust ${action.name}`;
    case "deny_plugin":
      return `/deny ${action.name}`;
    case "ask":
      // A one-word question is written with /ask: typed bare, it could name a workflow.
      return action.question.startsWith("/") || /^(flux|wf)(\s|$)/.test(action.question) ||
          isOneWord(action.question)
        ? `/ask ${action.question}`
        : action.question;
    case "scroll":
      return `/scroll ${action.direction.replace("_", "-")}`;
    case "focus_next":
      return "/focus next";
  }
}
