/** Flux entry point: `deno run -A main.ts [command]`. All logic lives in core/. */
import { runCli } from "./core/cli/main.ts";

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args));
}
