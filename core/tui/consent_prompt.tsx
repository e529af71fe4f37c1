/** Asks whether to trust an untrusted plugin found at start-up, listing what each permission allows. */
import { Box, Text } from "../deps/ink.ts";
import type { ConsentRequest } from "./tui_state.ts";
import { borderPaint, paint, type Theme } from "./theme.ts";

/** Props of {@linkcode ConsentPrompt}. */
export interface ConsentPromptProps {
  request: ConsentRequest;
  waiting: number;
  theme: Theme;
}

/** A yellow box; y trusts, n (or Esc) keeps the plugin off. */
export function ConsentPrompt({ request, waiting, theme }: ConsentPromptProps) {
  return (
    <Box flexDirection="column" borderStyle="double" {...borderPaint(theme, "yellow")} width="100%">
      <Text bold {...paint(theme, "yellow")}>
        {`🔌 Plugin "${request.plugin}" is not trusted yet`}
      </Text>
      {request.description ? <Text>{request.description}</Text> : null}
      <Text>What it may do if you trust it:</Text>
      {request.allows.length === 0 ? <Text>• may do nothing outside its own folder</Text> : null}
      {request.allows.map((line) => <Text key={line}>{`• ${line}`}</Text>)}
      <Text bold>
        {`Trust "${request.plugin}"? y = yes, n = no${
          waiting > 1 ? `  (${waiting - 1} more waiting)` : ""
        }`}
      </Text>
    </Box>
  );
}
