/** What a plugin may do, in the words `flux plugins show` and `flux plugins trust` use. */
import type { PluginPermissions } from "./types.ts";

/**
 * One line per granted capability. `run` is shown as "can run any program": a program it may start can
 * start others, with none of the plugin's limits.
 */
export function describePermissions(permissions: PluginPermissions): string[] {
  const lines: string[] = [];
  const list = (values: string[]) => values.map((v) => `"${v}"`).join(", ");
  if (permissions.read.length > 0) lines.push(`read files in ${list(permissions.read)}`);
  if (permissions.write.length > 0) lines.push(`write files in ${list(permissions.write)}`);
  if (permissions.run.includes("*")) lines.push("can run any program");
  else if (permissions.run.length > 0) {
    lines.push(`can run any program (it asks to start ${list(permissions.run)})`);
  }
  if (permissions.net.length > 0) lines.push(`connect to ${list(permissions.net)}`);
  if (permissions.env.length > 0) lines.push(`read environment variables ${list(permissions.env)}`);
  if (lines.length === 0) lines.push("nothing beyond reading its own folder");
  return lines;
}
