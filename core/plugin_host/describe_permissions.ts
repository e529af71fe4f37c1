/** What a plugin may do, in the words `flux plugins show`, `flux plugins trust` and the TUI's consent use. */
import { requiredObject } from "../api/required.ts";
import type { PluginPermissions, ProgramGrants } from "./types.ts";
import { osSandboxProblem } from "../process/os_sandbox.ts";

/**
 * One line per granted capability. The programs of its `run` list are described as they really run:
 * started by Flux on the plugin's request, each in the OS sandbox of `programs` (or, without it, of the
 * plugin's own write and net grants), or without one where none can start (`osProblem`, probed once) or
 * where a built-in's manifest says `programs.sandbox: false`.
 */
export function describePermissions(
  permissions: PluginPermissions,
  programs: ProgramGrants | undefined = undefined,
  osProblem: () => string | undefined = osSandboxProblem,
): string[] {
  requiredObject(
    permissions,
    "describePermissions's permissions",
    "describePermissions(manifest.permissions)",
  );
  const lines: string[] = [];
  const list = (values: string[]) => values.map((v) => `"${v}"`).join(", ");
  if (permissions.read.length > 0) lines.push(`read files in ${list(permissions.read)}`);
  if (permissions.write.length > 0) lines.push(`write files in ${list(permissions.write)}`);
  if (permissions.run.length > 0) lines.push(describePrograms(permissions, programs, osProblem));
  if (permissions.net.length > 0) lines.push(`connect to ${list(permissions.net)}`);
  if (permissions.env.length > 0) lines.push(`read environment variables ${list(permissions.env)}`);
  if (lines.length === 0) lines.push("nothing beyond reading its own folder");
  return lines;
}

function describePrograms(
  permissions: PluginPermissions,
  programs: ProgramGrants | undefined,
  osProblem: () => string | undefined,
): string {
  const list = (values: string[]) => values.map((v) => `"${v}"`).join(", ");
  const which = permissions.run.includes("*") ? "any program" : `only ${list(permissions.run)}`;
  if (programs?.sandbox === false) {
    return `can run ${which} with your full rights (no OS sandbox, unless a workflow's "sandbox:" asks for one)`;
  }
  const problem = osProblem();
  if (problem !== undefined) {
    return `can run ${which}, but no OS sandbox can start here (${problem}): such programs could read, write and connect anywhere you can, so a project plugin's are refused unless FLUX_ALLOW_UNSANDBOXED=1`;
  }
  const write = programs?.write ?? permissions.write;
  const net = programs?.net ?? permissions.net.length > 0;
  const writes = write.length > 0 ? `writing only in ${list(write)}` : "writing nowhere";
  return `can run ${which}, started by Flux in the OS sandbox: ${writes} (plus a private /tmp and tool caches; .flux and .git stay read-only), ${
    net ? "with network" : "no network"
  }`;
}
