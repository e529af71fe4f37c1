/** Why a sandbox subprocess ended, in a short phrase for the crash line, from its status and stderr. */

/** True when `stderr` shows that V8 ran out of heap (the sandbox hit its `--max-old-space-size` cap). */
export function isOutOfMemory(stderr: string): boolean {
  // V8 says "Reached heap limit" or "Ineffective mark-compacts near heap limit" (both "out of memory").
  return /out of memory|near heap limit|Reached heap limit/i.test(stderr);
}

/**
 * `ran out of memory (heap cap N MB)`, or how it ended (`exited with code 1`, `was killed by SIGKILL`)
 * with the most telling line of its stderr: a fatal error or `error:` line over a stack trace frame.
 */
export function describeExit(
  status: Deno.CommandStatus,
  stderr: string,
  heapMb: number,
  outOfMemory = isOutOfMemory(stderr),
): string {
  if (outOfMemory) return `ran out of memory (heap cap ${heapMb} MB)`;
  const lines = stripAnsi(stderr).split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const telling = lines.findLast((l) => /^(#\s*)?(fatal|error\b|thread .* panicked)/i.test(l)) ??
    lines.at(-1);
  const how = status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
  return telling ? `${how} (${telling.replace(/^#\s*/, "").slice(0, 200)})` : how;
}

function stripAnsi(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}
