/** The command line at the bottom, and the key hints under it. */
import { Box, Text } from "../deps/ink.ts";
import { paint, type Theme } from "./theme.ts";

const PROMPT = "› ";

/** Props of {@linkcode CommandLine}. */
export interface CommandLineProps {
  input: string;
  focused: boolean;
  theme: Theme;
  /** A one-line message under the input (errors, "press Ctrl-C again"). */
  hint?: string;
}

/** `› input▌` plus a hint line. */
export function CommandLine({ input, focused, theme, hint }: CommandLineProps) {
  return (
    <Box flexDirection="column" width="100%" flexShrink={0}>
      <Text wrap="truncate-start">
        <Text bold {...paint(theme, focused ? "cyan" : "gray")}>{PROMPT}</Text>
        <Text>{input}</Text>
        <Text {...paint(theme, "gray")}>{focused ? "▌" : ""}</Text>
      </Text>
      <Text wrap="truncate-end" {...paint(theme, hint ? "yellow" : "gray")}>
        {hint ??
          "? help  q quit  Tab panels/complete  ↑↓ history  PgUp/PgDn scroll  NAME runs a workflow"}
      </Text>
    </Box>
  );
}
