/**
 * What the TUI needs from the rest of Flux, as one interface: the session store, the monitors, workflows,
 * plugins and the AI. {@linkcode FluxBackend} implements it over the real modules; the controller and the
 * panels only see this shape.
 */
import type { EventType } from "../session/event_type.ts";
import type { MonitorUpdate } from "./tui_monitors.ts";
import type { TestCounts } from "./tui_state.ts";
import type { MonitorItem } from "../plugin_host/types.ts";
import type { AutofixReport } from "../autofix/run_autofix.ts";

/** What a check run on request (`/test`, `/check NAME`, `r`) found. */
export interface CheckVerdict {
  status: "ok" | "fail" | "unknown";
  summary: string;
  items: MonitorItem[];
  /** True when the monitor was not being watched and the request started it. */
  started: boolean;
}

/** What the session store says when the TUI opens. */
export interface OpenedSession {
  /** True when an earlier session was resumed; false for a new project (the TUI then says welcome). */
  resumed: boolean;
  /** The resume summary, one entry per line ("📂 Resuming session from 2 hours ago", ...). */
  banner: string[];
  /** Epoch ms. */
  sessionStartedAt: number;
  /** Earlier command-line input, oldest first, when known at open; {@linkcode TuiBackend.history} reads it later. */
  history?: string[];
  task?: string;
  tests?: TestCounts;
}

/** One progress report of a running workflow step (the seed's fields). */
export interface StepProgress {
  current_step: number;
  total_steps: number;
  step_name: string;
  status: string;
}

/** How a workflow run ended. */
export interface WorkflowOutcome {
  success: boolean;
  elapsedMs: number;
  /** Per step: name, success and a one-line result. */
  results: { step: string; success: boolean; detail?: string }[];
  /** Why the run failed, in one line. */
  error?: string;
}

/** A plugin as the TUI lists it. */
export interface PluginInfo {
  name: string;
  kind: string;
  description: string;
  trusted: boolean;
  builtIn: boolean;
  /** Kept off at a consent prompt, and unchanged since: the TUI does not ask again. */
  denied?: boolean;
  /** What each permission allows, in words. */
  allows: string[];
  /** Why it cannot be used (a malformed plugin.json), when it cannot. */
  problem?: string;
}

/** The TUI's view of Flux. Every method may throw; the controller catches and shows the message. */
export interface TuiBackend {
  readonly projectDir: string;
  /** Where one-line warnings of the plugin host and session store go (the feed). */
  onWarning(sink: (line: string) => void): void;
  /** Whether monitoring starts on open (`tui: { auto_watch }` in .flux/config.yaml, default true). */
  autoWatch(): Promise<boolean>;
  /** What the first frame needs, and nothing more: the resume summary is one indexed query. */
  open(): Promise<OpenedSession>;
  /** Earlier command-line input, oldest first; read after the first frame. */
  history(): Promise<string[]>;
  /**
   * Checks the session store for damage away from the screen's thread (`PRAGMA quick_check` reads the whole
   * file); a damaged store is moved aside with a warning and a fresh one used. Runs after the first frame.
   */
  checkStore(): Promise<void>;
  record(type: EventType, data: Record<string, unknown>): void;
  setTask(text: string): void;
  /** Recent session activity, one line each, newest first. */
  recentActivity(limit: number): Promise<string[]>;
  branch(): Promise<string | undefined>;
  workflowNames(): Promise<string[]>;
  workflowSteps(name: string): Promise<string[]>;
  runWorkflow(
    name: string,
    onProgress: (progress: StepProgress) => void,
    signal: AbortSignal,
  ): Promise<WorkflowOutcome>;
  /** Monitors that are enabled, else those that could be. */
  monitorNames(): string[];
  /** Starts `only` (or every available monitor); what they report arrives through `onUpdate`. */
  startMonitors(onUpdate: (update: MonitorUpdate) => void, only?: string): Promise<void>;
  stopMonitors(only?: string): Promise<void>;
  /**
   * Runs `monitor`'s check now through the monitors' own coordinator (the same path as a background
   * check), starting the monitor when it is off; its progress arrives through `onUpdate`.
   */
  checkMonitor(monitor: string, onUpdate: (update: MonitorUpdate) => void): Promise<CheckVerdict>;
  /** `/autofix`: the project's fixers on the files the lint and format findings name (see core/autofix). */
  autofix(onProgress: (line: string) => void, signal: AbortSignal): Promise<AutofixReport>;
  plugins(): Promise<PluginInfo[]>;
  trustPlugin(name: string): Promise<void>;
  /** Remembers that `name` stays off until its files or permissions change. */
  denyPlugin(name: string): Promise<void>;
  /** Streams the answer through `onChunk`; with no model configured, the chunk says how to set one up. */
  ask(question: string, onChunk: (text: string) => void, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
