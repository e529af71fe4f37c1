/**
 * The TUI's question before it runs anything of an untrusted project (see docs/trust.md): what Flux
 * would run there (test, build and lint commands, workflows, plugins), in a box like the plugin consent's,
 * drawn by Ink on the alternate screen before the monitors start. y trusts the folder (pinned to its
 * fingerprint) and goes on; n, Esc, q or Ctrl-C leave with nothing run.
 */
import { Box, render, Text, useApp, useInput } from "../deps/ink.ts";
import { borderPaint, paint, type Theme } from "./theme.ts";
import { printable } from "../plugin_host/printable.ts";

/** Props of {@linkcode WorkspaceTrustPrompt}. */
export interface WorkspaceTrustPromptProps {
  projectDir: string;
  /** Files that changed since the folder was trusted; empty: never trusted. */
  changed: string[];
  /** What would run, one line each (`describeWorkspace`). */
  wouldRun: string[];
  theme: Theme;
  onAnswer(trusted: boolean): void;
}

/** See the module comment. */
export function WorkspaceTrustPrompt(props: WorkspaceTrustPromptProps) {
  const { exit } = useApp();
  useInput((input, key) => {
    const answer = /^y$/i.test(input)
      ? true
      : /^[nq]$/i.test(input) || key.escape || (key.ctrl && input === "c")
      ? false
      : undefined;
    if (answer === undefined) return;
    props.onAnswer(answer);
    exit();
  });
  const { theme } = props;
  // Folder names, file names and workflow commands came from the project: control characters shown.
  const dir = printable(props.projectDir);
  const changed = props.changed.map(printable).join(", ");
  return (
    <Box flexDirection="column" borderStyle="double" {...borderPaint(theme, "yellow")} width="100%">
      <Text bold {...paint(theme, "yellow")}>
        {props.changed.length > 0
          ? `📂 ${dir} changed since you trusted it: ${changed}`
          : `📂 Flux has not run anything in ${dir} yet`}
      </Text>
      <Text>Once trusted, Flux will run here:</Text>
      {props.wouldRun.length === 0 ? <Text>• nothing of the project's own</Text> : null}
      {props.wouldRun.map((line, i) => <Text key={i}>{`• ${printable(line)}`}</Text>)}
      <Text bold>Trust this folder? y = yes, n = no (nothing runs)</Text>
    </Box>
  );
}

/** Shows {@linkcode WorkspaceTrustPrompt} on the terminal until it is answered; true when trusted. */
export async function askWorkspaceTrust(
  options: Omit<WorkspaceTrustPromptProps, "onAnswer">,
): Promise<boolean> {
  let trusted = false;
  const instance = render(
    <WorkspaceTrustPrompt {...options} onAnswer={(answer) => trusted = answer} />,
    { exitOnCtrlC: false, interactive: true, alternateScreen: true, patchConsole: false },
  );
  await instance.waitUntilExit();
  instance.unmount();
  return trusted;
}
