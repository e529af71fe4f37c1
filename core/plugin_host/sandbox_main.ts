/**
 * Main module of a sandboxed plugin's subprocess (`deno run --no-prompt` with only the plugin's
 * permissions): speaks the protocol as newline-delimited JSON, reading stdin and writing stdout. It exits
 * when stdin closes, so a core that dies leaves no sandbox behind.
 */
import { runBootstrap } from "./run_bootstrap.ts";

const encoder = new TextEncoder();

function writeLine(text: string): void {
  const bytes = encoder.encode(text + "\n");
  let written = 0;
  while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
}

async function main(): Promise<void> {
  const receive = runBootstrap({ send: (message) => writeLine(JSON.stringify(message)) });
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of Deno.stdin.readable) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== "") receive(JSON.parse(line));
      newline = buffered.indexOf("\n");
    }
  }
  Deno.exit(0);
}

if (import.meta.main) await main();
