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
];

/** Props of {@linkcode HelpOverlay}. */
export interface HelpOverlayProps {
  theme: Theme;
}

/** Replaces the panels while open; any of Esc, Enter, ? or q closes it. */
export function HelpOverlay({ theme }: HelpOverlayProps) {
  return (
    <Box flexDirection="column" borderStyle="round" {...borderPaint(theme, "cyan")} width="100%">
      <Text bold>Keys</Text>
      {KEYS.map(([key, what]) => (
        <Text key={key} wrap="truncate-end">
          <Text bold {...paint(theme, "cyan")}>{key.padEnd(12)}</Text>
          <Text>{what}</Text>
        </Text>
      ))}
      <Text bold>Commands (plain text asks the AI)</Text>
      {COMMANDS.map((c) => (
        <Text key={c.name} wrap="truncate-end">
          <Text bold {...paint(theme, "cyan")}>{`${c.name} ${c.args}`.padEnd(20)}</Text>
          <Text>{c.help}</Text>
        </Text>
      ))}
      <Text {...paint(theme, "gray")}>Esc, Enter or ? closes this help</Text>
    </Box>
  );
}
