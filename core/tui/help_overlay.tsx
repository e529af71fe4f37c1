/** The `?` screen: keys and commands. */
import { Box, Text } from "../deps/ink.ts";
import { COMMANDS } from "./action.ts";
import { borderPaint, paint, type Theme } from "./theme.ts";

const KEYS: [string, string][] = [
  ["?", "this help (on an empty command line)"],
  ["q, Ctrl-C", "quit (twice while a workflow runs)"],
  ["Tab", "next panel (empty line) or complete"],
  ["↑ ↓", "recall input, or scroll the focused panel"],
  ["PgUp PgDn", "scroll the notifications"],
  ["Esc", "clear the command line"],
  ["r", "re-run the selected monitor now (monitors panel)"],
];

/** Props of {@linkcode HelpOverlay}. */
export interface HelpOverlayProps {
  theme: Theme;
  /** Rows available, borders included; lines that do not fit are left out with a note. */
  rows: number;
}

/** Replaces the panels while open; any of Esc, Enter, ? or q closes it. */
export function HelpOverlay({ theme, rows }: HelpOverlayProps) {
  const lines: { key: string; what: string; heading?: boolean }[] = [
    { key: "Keys", what: "", heading: true },
    ...KEYS.map(([key, what]) => ({ key: key.padEnd(12), what })),
    {
      key: "Commands (a workflow's name runs it; other text asks the AI)",
      what: "",
      heading: true,
    },
    ...COMMANDS.map((c) => ({ key: `${c.name} ${c.args}`.padEnd(20), what: c.help })),
  ];
  const room = Math.max(1, rows - 3);
  const shown = lines.length > room ? lines.slice(0, room - 1) : lines;
  const hidden = lines.length - shown.length;
  return (
    <Box flexDirection="column" borderStyle="round" {...borderPaint(theme, "cyan")} width="100%">
      {shown.map((line) =>
        line.heading
          ? <Text key={line.key} bold>{line.key}</Text>
          : (
            <Text key={line.key} wrap="truncate-end">
              <Text bold {...paint(theme, "cyan")}>{line.key}</Text>
              <Text>{line.what}</Text>
            </Text>
          )
      )}
      {hidden > 0
        ? (
          <Text {...paint(theme, "yellow")}>
            {`... ${hidden} more: make the terminal taller, or see flux help tui`}
          </Text>
        )
        : null}
      <Text {...paint(theme, "gray")}>Esc, Enter or ? closes this help</Text>
    </Box>
  );
}
