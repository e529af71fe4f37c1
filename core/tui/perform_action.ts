/** What each {@linkcode Action} does in the TUI: one case per action, all through the controller. */
import { EventType } from "../session/event_type.ts";
import { type Action, COMMANDS } from "./action.ts";
import type { TuiController } from "./tui_controller.ts";
import { workflowRunning } from "./tui_state.ts";
import { formatDuration } from "./format_time.ts";
import { autofixLines } from "../autofix/autofix_lines.ts";

/** Performs `action` on `tui`. Throws on failure; the controller turns a throw into a feed warning. */
export async function performAction(
  tui: TuiController,
  action: Action,
  fromKey: boolean,
): Promise<void> {
  const state = tui.state;
  switch (action.type) {
    case "quit":
      if (!fromKey && workflowRunning(state)) {
        // A typed /quit is deliberate: stop the run and leave at once.
        tui.dispatch({ type: "quit_armed", armed: true });
      }
      return await tui.quit();
    case "help":
      tui.dispatch({ type: "help", show: !state.showHelp });
      return;
    case "focus_next":
      tui.nextPanel();
      return;
    case "scroll": {
      const panel = state.focus === "command" ? "feed" : state.focus;
      const page = tui.pageSize;
      const by = { up: -1, down: 1, page_up: -page, page_down: page, top: -1e9, bottom: 1e9 }[
        action.direction
      ];
      tui.dispatch({ type: "scroll", panel, by });
      return;
    }
    case "clear":
      tui.dispatch({ type: "clear_feed" });
      return;
    case "status":
      return showStatus(tui);
    case "history": {
      const lines = await tui.backend.recentActivity(15);
      tui.say("info", "📋 Recent activity", lines.length ? lines.map((l) => `  • ${l}`) : ["none"]);
      return;
    }
    case "set_task":
      tui.backend.setTask(action.text);
      tui.dispatch({ type: "task", text: action.text });
      tui.say("ok", `🎯 Task set: ${action.text}`);
      return;
    case "watch":
      await tui.backend.startMonitors((update) => tui.onMonitorUpdate(update), action.monitor);
      tui.dispatch({ type: "watching", watching: true });
      for (const name of action.monitor ? [action.monitor] : tui.backend.monitorNames()) {
        if (name === "file_changes") {
          // A watcher, not a check: it has no runs, only events.
          tui.dispatch({
            type: "monitor",
            monitor: { name, state: "ok", summary: "watching files", lastRun: Date.now() },
          });
        } else if (!tui.state.monitors.some((m) => m.name === name)) {
          tui.dispatch({ type: "monitor", monitor: { name, state: "unknown" } });
        }
      }
      tui.say("info", `👀 Watching ${action.monitor ?? tui.backend.monitorNames().join(", ")}`);
      return;
    case "unwatch": {
      await tui.backend.stopMonitors(action.monitor);
      const names = action.monitor ? [action.monitor] : tui.state.monitors.map((m) => m.name);
      for (const name of names) tui.dispatch({ type: "monitor", monitor: { name, state: "off" } });
      if (!action.monitor) tui.dispatch({ type: "watching", watching: false });
      tui.say("info", `⏸  Stopped watching ${action.monitor ?? "all monitors"}`);
      return;
    }
    case "list_workflows":
      await tui.refreshNames();
      tui.say("info", "🔁 Workflows", tui.workflowNames.map((n) => `  • ${n}`));
      return;
    case "run_workflow":
      return runWorkflow(tui, action.name);
    case "check":
      return checkNow(tui, action.monitor);
    case "autofix":
      return autofix(tui);
    case "plugins": {
      const plugins = await tui.backend.plugins();
      tui.say(
        "info",
        "🔌 Plugins",
        plugins.map((p) =>
          `  • ${p.name} (${p.kind}) ${
            p.builtIn ? "built in" : p.trusted ? "trusted" : "NOT trusted"
          }`
        ),
      );
      return;
    }
    case "trust_plugin":
      await tui.backend.trustPlugin(action.name);
      tui.dispatch({ type: "consent_done", plugin: action.name });
      tui.backend.record(EventType.COMMAND, { command: `/trust ${action.name}`, source: "tui" });
      tui.say("ok", `🔌 Trusted plugin "${action.name}"`);
      return;
    case "deny_plugin":
      await tui.backend.denyPlugin(action.name);
      tui.dispatch({ type: "consent_done", plugin: action.name });
      tui.backend.record(EventType.COMMAND, { command: `/deny ${action.name}`, source: "tui" });
      tui.say("info", `🔌 Plugin "${action.name}" stays off`, [
        "Flux will not ask again until its files or permissions change",
        `Trust it later with /trust ${action.name} or flux plugins trust ${action.name}`,
      ]);
      return;
    case "ask":
      return ask(tui, action.question);
  }
}

function showStatus(tui: TuiController): void {
  const s = tui.state;
  const lines = [
    `Project: ${s.project}${s.branch ? ` (${s.branch})` : ""}`,
    `Task: ${s.task ?? "none (set one with /task TEXT)"}`,
    `Tests: ${
      s.tests ? `${s.tests.passed}/${s.tests.total} passed, ${s.tests.failed} failing` : "unknown"
    }`,
    `Monitoring: ${s.watching ? "on" : "off"}`,
    ...s.monitors.map((m) => `  • ${m.name}: ${m.state}${m.summary ? ` (${m.summary})` : ""}`),
  ];
  if (s.workflow) {
    lines.push(`Workflow: ${s.workflow.name} ${s.workflow.finished ? "finished" : "running"}`);
  }
  tui.say("info", "📊 Status", lines);
}

async function runWorkflow(tui: TuiController, name: string): Promise<void> {
  if (workflowRunning(tui.state)) {
    tui.setHint(`Workflow "${tui.state.workflow?.name}" is still running: wait for it to finish`);
    return;
  }
  const steps = await tui.backend.workflowSteps(name);
  tui.dispatch({ type: "workflow_started", name, steps, time: Date.now() });
  const signal = tui.newWorkflowSignal();
  let outcome;
  try {
    outcome = await tui.backend.runWorkflow(name, (p) => {
      try {
        const status = p.status === "running" || p.status === "started" || p.status === "start"
          ? "running"
          : p.status === "skipped"
          ? "skipped"
          : /fail|error|time|cancel/.test(p.status)
          ? "failed"
          : "success";
        tui.dispatch({
          type: "workflow_step",
          index: p.current_step,
          name: p.step_name,
          status,
          time: Date.now(),
        });
      } catch (error) {
        tui.say("warn", "⚠️  A workflow progress report could not be shown", [String(error)]);
      }
    }, signal);
  } catch (error) {
    const elapsedMs = Date.now() - (tui.state.workflow?.startedAt ?? Date.now());
    tui.dispatch({ type: "workflow_finished", success: false, elapsedMs });
    throw error;
  }
  tui.dispatch({
    type: "workflow_finished",
    success: outcome.success,
    elapsedMs: outcome.elapsedMs,
  });
  const failed = outcome.results.filter((r) => !r.success);
  tui.say(
    outcome.success ? "ok" : "fail",
    outcome.success
      ? `✅ Workflow '${name}' completed in ${formatDuration(outcome.elapsedMs)}`
      : `❌ Workflow '${name}' failed after ${formatDuration(outcome.elapsedMs)}`,
    [
      ...(outcome.error ? [outcome.error] : []),
      ...failed.map((r) => `  • ${r.step}${r.detail ? `: ${r.detail}` : ""}`),
    ],
  );
}

/** `/test`, `/check NAME`, `r`: the check runs now and its verdict is said, changed or not. */
async function checkNow(tui: TuiController, monitor: string): Promise<void> {
  tui.say("info", `⏳ Checking ${monitor} now…`);
  const started = Date.now();
  const verdict = await tui.backend.checkMonitor(monitor, (u) => tui.onMonitorUpdate(u));
  if (verdict.started) tui.dispatch({ type: "watching", watching: true });
  const took = formatDuration(Date.now() - started);
  const mark = verdict.status === "ok" ? "✅" : verdict.status === "fail" ? "❌" : "❔";
  const items = verdict.items.slice(0, 10).map((i) =>
    `  • ${i.file ? `${i.file}${i.line ? `:${i.line}` : ""}: ` : ""}${i.name ? `${i.name} ` : ""}${
      i.message.split("\n")[0]
    }`
  );
  if (verdict.items.length > items.length) {
    items.push(`  … and ${verdict.items.length - items.length} more`);
  }
  tui.say(
    verdict.status === "ok" ? "ok" : verdict.status === "fail" ? "fail" : "warn",
    `${mark} ${monitor}: ${verdict.summary} (checked now, ${took})`,
    [
      ...items,
      ...(verdict.started
        ? [`${monitor} was not being watched: it is now (/unwatch ${monitor})`]
        : []),
    ],
  );
}

/** `/autofix`: progress in one open feed item, then every changed file with its +/- lines. */
async function autofix(tui: TuiController): Promise<void> {
  tui.dispatch({
    type: "feed",
    level: "info",
    title: "🔧 Autofix: checking lint and format…",
    open: true,
  });
  const id = tui.state.feed[0]?.id ?? 0;
  let report;
  try {
    report = await tui.backend.autofix(
      (line) => tui.dispatch({ type: "feed_append", id, text: `${line}\n` }),
      tui.newAutofixSignal(),
    );
  } finally {
    tui.dispatch({ type: "feed_done", id });
  }
  const { title, lines } = autofixLines(report);
  const failed = report.fixers.some((f) => !f.ok);
  tui.say(failed ? "fail" : "ok", title, lines);
}

async function ask(tui: TuiController, question: string): Promise<void> {
  tui.dispatch({ type: "feed", level: "info", title: `💬 ${question}`, open: true });
  const id = tui.state.feed[0]?.id ?? 0;
  const signal = tui.newAskSignal();
  try {
    await tui.backend.ask(question, (chunk) => {
      tui.dispatch({ type: "feed_append", id, text: chunk });
    }, signal);
  } finally {
    tui.dispatch({ type: "feed_done", id });
  }
}

/** The help text as plain lines (plain mode prints it). */
export function helpLines(): string[] {
  return COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(20)} ${c.help}`);
}
