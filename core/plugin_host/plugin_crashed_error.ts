/**
 * The error a call gets when its plugin crashed (or was killed for not letting go of a cancelled call)
 * while the call was in flight. The call itself may have done nothing wrong: a caller that knows its call
 * can be repeated (a monitor's check) may try it once more on the restarted plugin.
 */
export class PluginCrashedError extends Error {
  override name = "PluginCrashedError";
}

/** True for a {@linkcode PluginCrashedError}, also one that lost its class crossing a thread. */
export function isPluginCrash(error: unknown): boolean {
  return error instanceof PluginCrashedError ||
    (error instanceof Error && error.name === "PluginCrashedError");
}
