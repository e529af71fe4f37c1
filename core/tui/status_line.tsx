/** The top line: project, branch, session age, test counts, whether monitoring is on. */
import { Box, Text } from "../deps/ink.ts";
import type { TuiState } from "./tui_state.ts";
import { paint, type Theme } from "./theme.ts";
import { formatAge } from "./format_time.ts";

/** Props of {@linkcode StatusLine}. */
export interface StatusLineProps {
  state: TuiState;
  theme: Theme;
  now: number;
}

/** One line; parts drop off the end when the terminal is narrow (Ink truncates). */
export function StatusLine({ state, theme, now }: StatusLineProps) {
  const tests = state.tests;
  return (
    <Box width="100%">
      <Text wrap="truncate-end">
        <Text bold {...paint(theme, "magenta")}>⚡ Flux</Text>
        <Text>{` ${state.project}`}</Text>
        {state.branch ? <Text {...paint(theme, "blue")}>{`  ⎇ ${state.branch}`}</Text> : null}
        <Text>{`  session ${formatAge(state.sessionStartedAt, now)}`}</Text>
        {tests
          ? (
            <Text {...paint(theme, tests.failed > 0 ? "red" : "green")}>
              {`  tests ${tests.passed}/${tests.total} passed${
                tests.failed > 0 ? `, ${tests.failed} failing` : ""
              }`}
            </Text>
          )
          : null}
        <Text {...paint(theme, state.watching ? "green" : "gray")}>
          {state.watching ? "  👀 watching" : "  not watching"}
        </Text>
        {state.task ? <Text>{`  🎯 ${state.task}`}</Text> : null}
      </Text>
    </Box>
  );
}
