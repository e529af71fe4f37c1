/**
 * The memory floor under the TUI on this runtime and stack, run by `tui_bench.ts` in a tmux window with
 * the `flux` task's flags: `deno run <flags> bench/_tui_floor.tsx OUT.json`. No Flux code: an Ink screen
 * (a bordered box and a clock redrawn every second, a prompt line) and the isolates the TUI's design keeps:
 * two workers that always run (Flux's backend and its file watcher), then four more started at once, as
 * a save starts the tests, build, lint and git checks, each in a worker of its own. Every worker is an
 * empty module worker. Writes the RSS at rest (after 3 s) and the highest RSS over the next 2 s to OUT.
 */
import { Box, render, Text, useEffect, useState } from "../core/deps/ink.ts";

const out = Deno.args[0];
if (!out) throw new Error("usage: _tui_floor.tsx OUT.json");
const WORKER = new URL("./_tui_floor_worker.ts", import.meta.url);

function Screen() {
  const [now, setNow] = useState(new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Box flexDirection="column">
      <Box borderStyle="round" paddingX={1}>
        <Text>floor {now.toLocaleTimeString("en-GB")}</Text>
      </Box>
      <Text>› ▌</Text>
    </Box>
  );
}

const rss = () =>
  Number(/VmRSS:\s+(\d+)/.exec(Deno.readTextFileSync("/proc/self/status"))?.[1]) / 1024;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const app = render(<Screen />);
const workers = [new Worker(WORKER, { type: "module" }), new Worker(WORKER, { type: "module" })];
await delay(3000);
const rest = rss();
for (let i = 0; i < 4; i++) workers.push(new Worker(WORKER, { type: "module" }));
let peak = rest;
for (let i = 0; i < 10; i++) {
  await delay(200);
  peak = Math.max(peak, rss());
}
for (const worker of workers) worker.terminate();
app.unmount();
await Deno.writeTextFile(out, JSON.stringify({ rest, peak }));
