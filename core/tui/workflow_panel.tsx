/** Workflow progress: the step list with spinners, a progress bar, elapsed time and each step's result. */
import { Box, Text } from "../deps/ink.ts";
import type { WorkflowView } from "./tui_state.ts";
import { borderPaint, paint, SPINNER, STEP_MARK, type Theme } from "./theme.ts";
import { formatDuration } from "./format_time.ts";

/** Props of {@linkcode WorkflowPanel}. */
export interface WorkflowPanelProps {
  workflow: WorkflowView;
  focused: boolean;
  theme: Theme;
  now: number;
  /** Rows for step lines. */
  rows: number;
  scroll: number;
  width?: number | string;
  /** Bar width in cells. */
  barWidth: number;
}

const STEP_COLOR = {
  pending: "gray",
  running: "yellow",
  success: "green",
  failed: "red",
  skipped: "gray",
} as const;

/** A bordered panel; finished workflows keep showing their result until the next run. */
export function WorkflowPanel(props: WorkflowPanelProps) {
  const { workflow, theme, now } = props;
  const done =
    workflow.steps.filter((s) => s.status !== "pending" && s.status !== "running").length;
  const total = Math.max(workflow.total, workflow.steps.length, 1);
  const filled = Math.round((done / total) * props.barWidth);
  const elapsed = workflow.finished?.elapsedMs ?? now - workflow.startedAt;
  const spinner = SPINNER[Math.floor(now / 100) % SPINNER.length] ?? "*";
  const rows = Math.max(1, props.rows);
  // Unless the user scrolled, follow the step that runs (or ran last) so it is always in view.
  const active = workflow.steps.findLastIndex((s) => s.status !== "pending");
  const start = props.scroll > 0
    ? props.scroll
    : Math.max(0, Math.min(active, workflow.steps.length - 1) - rows + 1);
  const steps = workflow.steps.slice(start, start + rows);
  const outcome = workflow.finished
    ? workflow.finished.success
      ? { text: `✅ completed in ${formatDuration(elapsed)}`, color: "green" }
      : { text: `❌ failed after ${formatDuration(elapsed)}`, color: "red" }
    : { text: `${formatDuration(elapsed)}`, color: "yellow" };
  return (
    <Box
      flexDirection="column"
      borderStyle={props.focused ? "double" : "round"}
      {...borderPaint(theme, props.focused ? "cyan" : "gray")}
      width={props.width ?? "100%"}
      flexShrink={0}
    >
      <Text bold wrap="truncate-end">{`Workflow ${workflow.name}`}</Text>
      {steps.map((step) => (
        <Text key={step.name} wrap="truncate-end">
          <Text {...paint(theme, STEP_COLOR[step.status])}>
            {`${step.status === "running" ? spinner : STEP_MARK[step.status]} `}
          </Text>
          <Text>{step.name}</Text>
          <Text {...paint(theme, "gray")}>
            {step.elapsedMs !== undefined && step.status !== "running"
              ? `  ${step.status} ${formatDuration(step.elapsedMs)}`
              : step.status === "running" && step.startedAt !== undefined
              ? `  ${formatDuration(now - step.startedAt)}`
              : ""}
          </Text>
        </Text>
      ))}
      <Text wrap="truncate-end">
        <Text {...paint(theme, "green")}>{"█".repeat(filled)}</Text>
        <Text {...paint(theme, "gray")}>{"░".repeat(Math.max(0, props.barWidth - filled))}</Text>
        <Text>{` ${done}/${total} `}</Text>
        <Text {...paint(theme, outcome.color)}>{outcome.text}</Text>
      </Text>
    </Box>
  );
}
