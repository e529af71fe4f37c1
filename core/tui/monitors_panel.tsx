/**
 * The monitors panel: each monitor with its state, when it last ran and how long that took. When the rows
 * do not hold one line per monitor (a 60-column terminal stacks the panels and gives this one 3 rows), the
 * panel compacts to a grid of marks and names, and says how many more there are when even that does not
 * fit: a monitor is never hidden without a word. In the focused panel, `›` marks the selected monitor
 * (the one `r` re-runs).
 */
import { Box, Text } from "../deps/ink.ts";
import type { MonitorView } from "./tui_state.ts";
import { borderPaint, MONITOR_MARK, paint, type Theme } from "./theme.ts";
import { formatAgo, formatDuration } from "./format_time.ts";

/** Props of {@linkcode MonitorsPanel}. */
export interface MonitorsPanelProps {
  monitors: MonitorView[];
  focused: boolean;
  theme: Theme;
  now: number;
  /** Rows available for monitor lines. */
  rows: number;
  /** The selected monitor (its index); the view keeps it visible. */
  scroll: number;
  width?: number | string;
}

/** Columns a width given as a percentage or left out is taken to have. */
const DEFAULT_COLUMNS = 80;

/** A bordered list; the focused panel has a bold border. */
export function MonitorsPanel(props: MonitorsPanelProps) {
  const { monitors, focused, theme } = props;
  const rows = Math.max(1, props.rows);
  // Inside the border.
  const inner = (typeof props.width === "number" ? props.width : DEFAULT_COLUMNS) - 2;
  const selected = focused ? Math.min(props.scroll, monitors.length - 1) : -1;
  const body = monitors.length <= rows
    ? monitors.map((m, i) => (
      <MonitorLine key={m.name} {...props} monitor={m} mark={i === selected} />
    ))
    : compactLines(monitors, rows, inner, selected, theme);
  return (
    <Box
      flexDirection="column"
      borderStyle={focused ? "double" : "round"}
      {...borderPaint(theme, focused ? "cyan" : "gray")}
      width={props.width ?? "100%"}
      flexShrink={0}
    >
      <Text bold>{`Monitors${monitors.length > rows ? ` (${monitors.length})` : ""}`}</Text>
      {monitors.length === 0
        ? <Text {...paint(theme, "gray")}>none running: type /watch</Text>
        : null}
      {body}
    </Box>
  );
}

function MonitorLine(props: MonitorsPanelProps & { monitor: MonitorView; mark: boolean }) {
  const { monitor: m, theme, now } = props;
  const look = MONITOR_MARK[m.state];
  const when = m.lastRun === undefined ? "never" : formatAgo(m.lastRun, now);
  const took = m.durationMs === undefined ? "" : ` in ${formatDuration(m.durationMs)}`;
  return (
    <Text wrap="truncate-end">
      <Text>{`${props.focused ? (props.mark ? "›" : " ") : ""}${look.mark} `}</Text>
      <Text bold>{m.name.padEnd(13)}</Text>
      <Text {...paint(theme, look.color)}>{m.state.padEnd(8)}</Text>
      <Text {...paint(theme, "gray")}>{`${when}${took}`}</Text>
    </Text>
  );
}

/**
 * Monitors as a grid of `mark name` cells, as many per line as fit; when the lines still do not fit,
 * the lines around the selected monitor and a last line saying how many are out of view.
 */
function compactLines(
  monitors: MonitorView[],
  rows: number,
  inner: number,
  selected: number,
  theme: Theme,
) {
  const nameWidth = Math.max(...monitors.map((m) => m.name.length));
  // "›" + mark (2 columns) + space + name + two spaces.
  const cell = nameWidth + 6;
  const perLine = Math.max(1, Math.floor(inner / cell));
  const lines: MonitorView[][] = [];
  for (let i = 0; i < monitors.length; i += perLine) lines.push(monitors.slice(i, i + perLine));
  const room = lines.length <= rows ? rows : Math.max(1, rows - 1);
  const at = Math.floor(Math.max(0, selected) / perLine);
  const first = Math.max(0, Math.min(at - room + 1, lines.length - room));
  const shown = lines.slice(first, first + room);
  const hidden = monitors.length - shown.reduce((n, line) => n + line.length, 0);
  return [
    ...shown.map((line, i) => (
      <Text key={`line-${first + i}`} wrap="truncate-end">
        {line.map((m) => {
          const look = MONITOR_MARK[m.state];
          const mark = monitors.indexOf(m) === selected ? "›" : " ";
          return (
            <Text key={m.name} {...paint(theme, look.color)}>
              {`${mark}${look.mark} ${m.name.padEnd(nameWidth)}  `}
            </Text>
          );
        })}
      </Text>
    )),
    ...(hidden > 0
      ? [
        <Text key="more" {...paint(theme, "gray")} wrap="truncate-end">
          {`+${hidden} more: Tab to this panel, ↑↓ to see them`}
        </Text>,
      ]
      : []),
  ];
}
