/**
 * What the TUI shows, apart from how it is drawn: {@linkcode TuiState} plus the pure {@linkcode reduceTui}
 * that applies one {@linkcode TuiEvent}. Panels only read this state; the controller feeds events in.
 */

import { requiredObject } from "../api/required.ts";
import { appendText, scrollPanel, stepUpdate } from "./_reduce_parts.ts";
import { printable } from "../plugin_host/printable.ts";

/** Longest the notifications feed gets; older items fall off, so a flooding plugin cannot grow memory. */
export const FEED_LIMIT = 200;
/** Most command-line entries kept for up/down recall. */
export const HISTORY_LIMIT = 500;

/** A monitor's state as drawn. */
export type MonitorState = "ok" | "fail" | "unknown" | "running" | "off";

/** One row of the monitors panel. */
export interface MonitorView {
  name: string;
  state: MonitorState;
  summary?: string;
  /** Epoch ms of the end of the last run. */
  lastRun?: number;
  durationMs?: number;
}

/** How a feed item is coloured and marked. */
export type FeedLevel = "ok" | "fail" | "warn" | "info";

/** One boxed entry of the notifications feed. */
export interface FeedItem {
  id: number;
  /** Epoch ms. */
  time: number;
  level: FeedLevel;
  title: string;
  /** Analysis, failed items, answer text: one entry per line. */
  lines: string[];
  /** True while text is still streaming in (an AI answer). */
  open?: boolean;
}

/** One step of the running or last workflow. */
export interface StepView {
  name: string;
  status: "pending" | "running" | "success" | "failed" | "skipped";
  /** Epoch ms when the step began running. */
  startedAt?: number;
  elapsedMs?: number;
}

/** The workflow panel. */
export interface WorkflowView {
  name: string;
  startedAt: number;
  steps: StepView[];
  total: number;
  current: number;
  finished?: { success: boolean; elapsedMs: number };
}

/** Test counts for the status line. */
export interface TestCounts {
  total: number;
  passed: number;
  failed: number;
}

/** An untrusted plugin waiting for the user's answer. */
export interface ConsentRequest {
  plugin: string;
  description: string;
  /** One line per permission, saying in words what it allows. */
  allows: string[];
}

/** Which panel arrows act on. */
export type Panel = "command" | "feed" | "monitors" | "workflow";
/** Tab order. */
export const PANELS: readonly Panel[] = ["command", "feed", "monitors", "workflow"];

/** Everything the screen shows. */
export interface TuiState {
  project: string;
  branch?: string;
  sessionStartedAt: number;
  banner: string[];
  monitors: MonitorView[];
  watching: boolean;
  feed: FeedItem[];
  nextId: number;
  /** Items hidden above the top of the feed (0 = newest visible). */
  feedScroll: number;
  monitorScroll: number;
  workflowScroll: number;
  workflow?: WorkflowView;
  tests?: TestCounts;
  task?: string;
  focus: Panel;
  input: string;
  history: string[];
  /** Position while recalling with up/down; equals history.length when not recalling. */
  historyIndex: number;
  showHelp: boolean;
  consent: ConsentRequest[];
  /** A one-line message under the command line (a parse error, "press again to quit"). */
  hint?: string;
  /** Set by a first quit while a workflow runs; a second quit then leaves. */
  quitArmed: boolean;
  quitting: boolean;
}

/** Something that happened, to be shown. */
export type TuiEvent =
  | { type: "opened"; banner: string[]; sessionStartedAt: number; history: string[]; task?: string }
  /** Earlier input read after the first frame: it goes before what was typed since. */
  | { type: "history"; entries: string[] }
  | { type: "branch"; branch: string }
  | { type: "monitor"; monitor: MonitorView }
  | { type: "watching"; watching: boolean }
  | {
    type: "feed";
    level: FeedLevel;
    title: string;
    lines?: string[];
    time?: number;
    open?: boolean;
  }
  | { type: "feed_append"; id: number; text: string }
  | { type: "feed_done"; id: number }
  | { type: "tests"; counts: TestCounts }
  | { type: "task"; text: string }
  | { type: "workflow_started"; name: string; steps: string[]; time: number }
  | { type: "workflow_step"; index: number; name: string; status: StepView["status"]; time: number }
  | { type: "workflow_finished"; success: boolean; elapsedMs: number }
  | { type: "input"; text: string }
  | { type: "submitted"; line: string }
  | { type: "recall"; direction: "older" | "newer" }
  | { type: "scroll"; panel: Exclude<Panel, "command">; by: number }
  | { type: "focus"; panel: Panel }
  | { type: "help"; show: boolean }
  | { type: "consent_needed"; request: ConsentRequest }
  | { type: "consent_done"; plugin: string }
  | { type: "hint"; text?: string }
  | { type: "quit_armed"; armed: boolean }
  | { type: "quitting" }
  | { type: "clear_feed" };

/** The state before anything is known. */
export function initialTuiState(project: string, now: number = Date.now()): TuiState {
  return {
    project,
    sessionStartedAt: now,
    banner: [],
    monitors: [],
    watching: false,
    feed: [],
    nextId: 1,
    feedScroll: 0,
    monitorScroll: 0,
    workflowScroll: 0,
    focus: "command",
    input: "",
    history: [],
    historyIndex: 0,
    showHelp: false,
    consent: [],
    quitArmed: false,
    quitting: false,
  };
}

/** Applies one event; never mutates `state`. */
export function reduceTui(state: TuiState, event: TuiEvent): TuiState {
  requiredObject(state, "reduceTui's state", "reduceTui(initialTuiState(), event)");
  requiredObject(event, "reduceTui's event", "reduceTui(initialTuiState(), event)");
  switch (event.type) {
    case "opened": {
      const history = event.history.slice(-HISTORY_LIMIT);
      const next: TuiState = {
        ...state,
        banner: event.banner,
        sessionStartedAt: event.sessionStartedAt,
        history,
        historyIndex: history.length,
      };
      if (event.task !== undefined) next.task = event.task;
      return next;
    }
    case "history": {
      const history = [...event.entries, ...state.history].slice(-HISTORY_LIMIT);
      const recalling = state.historyIndex < state.history.length;
      // A recall in progress keeps its entry; otherwise up starts from the newest again.
      const historyIndex = recalling
        ? Math.max(0, state.historyIndex + history.length - state.history.length)
        : history.length;
      return { ...state, history, historyIndex };
    }
    case "branch":
      return { ...state, branch: event.branch };
    case "monitor": {
      const others = state.monitors.filter((m) => m.name !== event.monitor.name);
      const view = event.monitor.summary === undefined
        ? event.monitor
        : { ...event.monitor, summary: inert(event.monitor.summary) };
      const monitors = [...others, view].sort((a, b) => a.name.localeCompare(b.name));
      return { ...state, monitors };
    }
    case "watching":
      return { ...state, watching: event.watching };
    case "feed": {
      const item: FeedItem = {
        id: state.nextId,
        time: event.time ?? Date.now(),
        level: event.level,
        title: inert(event.title),
        lines: (event.lines ?? []).map(inert),
        ...(event.open ? { open: true } : {}),
      };
      const feed = [item, ...state.feed].slice(0, FEED_LIMIT);
      // Keep the reader's place when they have scrolled down into older items.
      const feedScroll = state.feedScroll > 0 ? Math.min(state.feedScroll + 1, feed.length - 1) : 0;
      return { ...state, feed, nextId: state.nextId + 1, feedScroll };
    }
    case "feed_append": {
      const feed = state.feed.map((item) =>
        item.id === event.id ? { ...item, lines: appendText(item.lines, inert(event.text)) } : item
      );
      return { ...state, feed };
    }
    case "feed_done": {
      const feed = state.feed.map((item) => {
        if (item.id !== event.id) return item;
        const { open: _open, ...closed } = item;
        return closed;
      });
      return { ...state, feed };
    }
    case "tests":
      return { ...state, tests: event.counts };
    case "task":
      return { ...state, task: event.text };
    case "workflow_started":
      return {
        ...state,
        workflow: {
          name: event.name,
          startedAt: event.time,
          steps: event.steps.map((name) => ({ name, status: "pending" })),
          total: event.steps.length,
          current: 0,
        },
        workflowScroll: 0,
      };
    case "workflow_step":
      return state.workflow ? { ...state, workflow: stepUpdate(state.workflow, event) } : state;
    case "workflow_finished": {
      if (!state.workflow) return state;
      const steps = state.workflow.steps.map((s): StepView =>
        s.status === "running" ? { ...s, status: event.success ? "success" : "failed" } : s
      );
      const finished = { success: event.success, elapsedMs: event.elapsedMs };
      return { ...state, workflow: { ...state.workflow, steps, finished }, quitArmed: false };
    }
    case "input":
      return { ...state, input: event.text, focus: "command", historyIndex: state.history.length };
    case "submitted": {
      const line = event.line.trim();
      const last = state.history[state.history.length - 1];
      const history = line === "" || line === last
        ? state.history
        : [...state.history, line].slice(-HISTORY_LIMIT);
      return { ...state, input: "", history, historyIndex: history.length };
    }
    case "recall": {
      const step = event.direction === "older" ? -1 : 1;
      const index = Math.max(0, Math.min(state.history.length, state.historyIndex + step));
      return { ...state, historyIndex: index, input: state.history[index] ?? "" };
    }
    case "scroll":
      return scrollPanel(state, event.panel, event.by);
    case "focus":
      return { ...state, focus: event.panel };
    case "help":
      return { ...state, showHelp: event.show };
    case "consent_needed":
      if (state.consent.some((c) => c.plugin === event.request.plugin)) return state;
      return { ...state, consent: [...state.consent, event.request] };
    case "consent_done":
      return { ...state, consent: state.consent.filter((c) => c.plugin !== event.plugin) };
    case "hint": {
      if (event.text !== undefined) return { ...state, hint: event.text };
      const { hint: _hint, ...rest } = state;
      return rest;
    }
    case "quit_armed":
      return { ...state, quitArmed: event.armed };
    case "quitting":
      return { ...state, quitting: true };
    case "clear_feed":
      return { ...state, feed: [], feedScroll: 0 };
  }
}

/** True while a workflow is running (started, not finished). */
export function workflowRunning(state: TuiState): boolean {
  return state.workflow !== undefined && state.workflow.finished === undefined;
}

/**
 * Text from plugins, programs and models as the screen may show it: line ends kept, every other control
 * character (cursor moves, clears, titles, clipboard writes) shown as an escape instead of acting.
 */
function inert(text: string): string {
  return printable(text.replace(/\r\n?/g, "\n"));
}
