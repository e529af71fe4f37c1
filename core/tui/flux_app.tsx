/**
 * The whole screen: status line, monitors, workflow progress, the notifications feed and the command line.
 * Wide terminals put monitors and workflow left of the feed; below 80 columns they stack. The app only
 * draws {@linkcode TuiController} state and forwards keys to it.
 */
import { Box, React, useEffect, useInput, useState } from "../deps/ink.ts";
import type { TuiController } from "./tui_controller.ts";
import { workflowRunning } from "./tui_state.ts";
import type { Theme } from "./theme.ts";
import { useTerminalSize } from "./use_terminal_size.ts";
import { StatusLine } from "./status_line.tsx";
import { MonitorsPanel } from "./monitors_panel.tsx";
import { WorkflowPanel } from "./workflow_panel.tsx";
import { FeedPanel } from "./feed_panel.tsx";
import { CommandLine } from "./command_line.tsx";
import { HelpOverlay } from "./help_overlay.tsx";
import { ConsentPrompt } from "./consent_prompt.tsx";
import { PanelBoundary } from "./panel_boundary.tsx";

/** Props of {@linkcode FluxApp}. */
export interface FluxAppProps {
  controller: TuiController;
  theme: Theme;
  /** Fixed clock for tests; live otherwise. */
  now?: number;
}

// Panels redraw only when their own props change, so a key press redraws just the command line.
const Status = React.memo(StatusLine);
const Monitors = React.memo(MonitorsPanel);
const Workflow = React.memo(WorkflowPanel);
const Feed = React.memo(FeedPanel);

/** Below this many columns the panels stack. */
export const WIDE_COLUMNS = 80;

/** The Flux TUI. */
export function FluxApp({ controller, theme, now: fixedNow }: FluxAppProps) {
  const state = React.useSyncExternalStore(
    (listener) => controller.subscribe(listener),
    () => controller.state,
  );
  const { columns, rows } = useTerminalSize();
  const running = workflowRunning(state);
  const [clock, setClock] = useState(() => Date.now());
  useEffect(() => {
    if (fixedNow !== undefined) return;
    const timer = setInterval(() => setClock(Date.now()), running ? 100 : 1000);
    return () => clearInterval(timer);
  }, [running, fixedNow]);
  const now = fixedNow ?? clock;
  useInput((input, key) => controller.handleKey(input, key));

  const main = Math.max(8, rows - 4);
  const wide = columns >= WIDE_COLUMNS;
  const left = wide ? Math.min(46, Math.floor(columns * 0.44)) : columns;
  const monitorRows = Math.min(state.monitors.length || 1, wide ? Math.floor(main / 2) - 3 : 3);
  const monitorHeight = monitorRows + 3;
  const workflow = state.workflow;
  const stepRows = workflow
    ? Math.min(workflow.steps.length || 1, wide ? main - monitorHeight - 4 : 4)
    : 0;
  const workflowHeight = workflow ? stepRows + 4 : 0;
  const feedRows = wide ? main : Math.max(3, main - monitorHeight - workflowHeight);
  const feedColumns = wide ? columns - left : columns;

  const side = (
    <>
      <PanelBoundary name="monitors">
        <Monitors
          monitors={state.monitors}
          focused={state.focus === "monitors"}
          theme={theme}
          now={now}
          rows={monitorRows}
          scroll={state.monitorScroll}
          width={left}
        />
      </PanelBoundary>
      {workflow
        ? (
          <PanelBoundary name="workflow">
            <Workflow
              workflow={workflow}
              focused={state.focus === "workflow"}
              theme={theme}
              now={now}
              rows={stepRows}
              scroll={state.workflowScroll}
              width={left}
              barWidth={Math.max(8, Math.min(24, left - 30))}
            />
          </PanelBoundary>
        )
        : null}
    </>
  );
  const feed = (
    <PanelBoundary name="notifications">
      <Feed
        feed={state.feed}
        scroll={state.feedScroll}
        focused={state.focus === "feed"}
        theme={theme}
        now={now}
        rows={feedRows}
        columns={feedColumns}
      />
    </PanelBoundary>
  );
  const consent = state.consent[0];
  let body: React.ReactNode;
  if (state.showHelp) body = <HelpOverlay theme={theme} rows={main} />;
  else if (consent) {
    body = <ConsentPrompt request={consent} waiting={state.consent.length} theme={theme} />;
  } else if (wide) {
    body = (
      <Box flexDirection="row" height={main}>
        <Box flexDirection="column" width={left} flexShrink={0}>{side}</Box>
        {feed}
      </Box>
    );
  } else {
    body = (
      <Box flexDirection="column" height={main}>
        {side}
        {feed}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={columns}>
      <PanelBoundary name="status">
        <Status state={state} theme={theme} now={now} />
      </PanelBoundary>
      {body}
      <CommandLine
        input={state.input}
        focused={state.focus === "command"}
        theme={theme}
        {...(state.hint ? { hint: state.hint } : {})}
      />
    </Box>
  );
}
