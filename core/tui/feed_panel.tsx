/** The notifications feed: boxed notifications with their analysis, newest first, scrollable. */
import { Box, Text } from "../deps/ink.ts";
import type { FeedItem } from "./tui_state.ts";
import { borderPaint, LEVEL_COLOR, paint, type Theme } from "./theme.ts";
import { formatAgo } from "./format_time.ts";

/** Props of {@linkcode FeedPanel}. */
export interface FeedPanelProps {
  feed: FeedItem[];
  scroll: number;
  focused: boolean;
  theme: Theme;
  now: number;
  /** Rows the panel may use, borders included. */
  rows: number;
  /** Columns the panel may use, borders included. */
  columns: number;
}

/** Rows one item takes when boxed in `inner` columns (borders and title included). */
export function itemRows(item: FeedItem, inner: number): number {
  const width = Math.max(10, inner);
  const body = item.lines.reduce((n, line) => n + Math.max(1, Math.ceil(line.length / width)), 0);
  return 3 + body;
}

/** One item as drawn: its lines cut to the rows left, and how many lines were left out. */
interface ShownItem {
  item: FeedItem;
  lines: string[];
  hidden: number;
}

/** Rows `line` takes in `inner` columns. */
function lineRows(line: string, inner: number): number {
  return Math.max(1, Math.ceil(line.length / Math.max(10, inner)));
}

/**
 * The items from `scroll` down that fit in `budget` rows, each cut to what is left of it: drawing stays
 * proportional to the panel's size, however many items there are or however long an answer grows. The
 * first item is always drawn (cut if need be).
 */
export function visibleItems(
  feed: FeedItem[],
  scroll: number,
  budget: number,
  inner: number,
): ShownItem[] {
  const shown: ShownItem[] = [];
  let used = 0;
  for (let at = scroll; at < feed.length; at++) {
    const item = feed[at];
    if (!item) break;
    const need = itemRows(item, inner);
    if (shown.length > 0 && used + need > budget) break;
    if (used + need <= budget) {
      shown.push({ item, lines: item.lines, hidden: 0 });
      used += need;
      continue;
    }
    // Taller than the panel: the lines that fit, then one line saying how many more there are.
    const room = Math.max(0, budget - used - 4);
    const lines: string[] = [];
    let rows = 0;
    for (const line of item.lines) {
      const need = lineRows(line, inner);
      if (rows + need > room) break;
      lines.push(line);
      rows += need;
    }
    shown.push({ item, lines, hidden: item.lines.length - lines.length });
    break;
  }
  return shown;
}

/** Draws as many items as fit from the scroll position down; says how many are above and below. */
export function FeedPanel(props: FeedPanelProps) {
  const { feed, theme, now } = props;
  const inner = props.columns - 6;
  const budget = props.rows - 3;
  const shown = visibleItems(feed, props.scroll, budget, inner);
  const below = feed.length - props.scroll - shown.length;
  const title = `Notifications${feed.length > 0 ? ` (${feed.length})` : ""}${
    props.scroll > 0 ? `  ↑ ${props.scroll} newer` : ""
  }${below > 0 ? `  ↓ ${below} older` : ""}`;
  return (
    <Box
      flexDirection="column"
      borderStyle={props.focused ? "double" : "round"}
      {...borderPaint(theme, props.focused ? "cyan" : "gray")}
      height={props.rows}
      width={props.columns}
      overflow="hidden"
    >
      <Text bold wrap="truncate-end">{title}</Text>
      {feed.length === 0 ? <Text {...paint(theme, "gray")}>Nothing yet.</Text> : null}
      {shown.map(({ item, lines, hidden }) => (
        <Box
          key={item.id}
          flexDirection="column"
          borderStyle="single"
          {...borderPaint(theme, LEVEL_COLOR[item.level])}
          flexShrink={0}
        >
          <Text wrap="truncate-end">
            <Text bold {...paint(theme, LEVEL_COLOR[item.level])}>{item.title}</Text>
            <Text {...paint(theme, "gray")}>{`  ${formatAgo(item.time, now)}`}</Text>
          </Text>
          {lines.map((line, i) => <Text key={i}>{line === "" ? " " : line}</Text>)}
          {hidden > 0
            ? (
              <Text {...paint(theme, "gray")}>
                {`… ${hidden} more line${hidden === 1 ? "" : "s"}`}
              </Text>
            )
            : null}
        </Box>
      ))}
    </Box>
  );
}
