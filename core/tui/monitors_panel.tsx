/** The monitors panel: each monitor with its state, when it last ran and how long that took. */
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
  scroll: number;
  width?: number | string;
}

/** A bordered list; the focused panel has a bold border. */
export function MonitorsPanel(props: MonitorsPanelProps) {
  const { monitors, focused, theme, now } = props;
  const visible = monitors.slice(props.scroll, props.scroll + Math.max(1, props.rows));
  return (
    <Box
      flexDirection="column"
      borderStyle={focused ? "double" : "round"}
      {...borderPaint(theme, focused ? "cyan" : "gray")}
      width={props.width ?? "100%"}
      flexShrink={0}
    >
      <Text bold>
        {`Monitors${monitors.length > visible.length ? ` (${monitors.length})` : ""}`}
      </Text>
      {monitors.length === 0
        ? <Text {...paint(theme, "gray")}>none running: type /watch</Text>
        : null}
      {visible.map((m) => {
        const look = MONITOR_MARK[m.state];
        const when = m.lastRun === undefined ? "never" : formatAgo(m.lastRun, now);
        const took = m.durationMs === undefined ? "" : ` in ${formatDuration(m.durationMs)}`;
        return (
          <Text key={m.name} wrap="truncate-end">
            <Text>{`${look.mark} `}</Text>
            <Text bold>{m.name.padEnd(13)}</Text>
            <Text {...paint(theme, look.color)}>{m.state.padEnd(8)}</Text>
            <Text {...paint(theme, "gray")}>{`${when}${took}`}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
