/**
 * Workspace trust: Flux runs nothing of a project's (monitors that execute its code, workflows, project
 * plugins) until the user trusted that folder, and asks again when what decides what runs changed. A
 * folder is trusted by a grant pinned to its fingerprint (`flux trust`), by a folder rule of the user's
 * own config (`trust.folders: ["~/src/mine/**"]` in `~/.config/flux/config.yaml`), or for one run by
 * `--trust` / `FLUX_TRUST=1` (CI). Reading commands never ask.
 */
import { parse } from "../deps/yaml.ts";
import { picomatch } from "../deps/picomatch.ts";
import { isRecord } from "../plugin_host/protocol.ts";
import {
  changedParts,
  fingerprintWorkspace,
  type WorkspaceFingerprint,
} from "./workspace_fingerprint.ts";
import { TrustStore, userConfigDir } from "./trust_store.ts";

/** Whether a project may run, and why (not). */
export type TrustVerdict =
  | { trusted: true; via: "flag" | "environment" | "grant" | "folder rule"; detail?: string }
  | {
    trusted: false;
    /** `unseen`: never trusted; `changed`: trusted, then `changed` parts were edited. */
    reason: "unseen" | "changed";
    changed: string[];
    fingerprint: WorkspaceFingerprint;
  };

/** Where trust comes from (tests point these at temp folders). */
export interface TrustOptions {
  /** `--trust` was passed. */
  flag?: boolean;
  env?: (key: string) => string | undefined;
  /** The user's Flux config folder (default `$XDG_CONFIG_HOME/flux` or `~/.config/flux`). */
  configDir?: string;
}

/** Decides whether `projectDir` (absolute, real) is trusted now. */
export async function checkWorkspaceTrust(
  projectDir: string,
  options: TrustOptions = {},
): Promise<TrustVerdict> {
  const env = options.env ?? Deno.env.get;
  if (options.flag) return { trusted: true, via: "flag" };
  if (env("FLUX_TRUST") === "1") return { trusted: true, via: "environment" };
  const configDir = options.configDir ?? userConfigDir(env);
  const rule = folderRule(projectDir, configDir, env("HOME"));
  if (rule !== undefined) return { trusted: true, via: "folder rule", detail: rule };
  const fingerprint = await fingerprintWorkspace(projectDir);
  const grant = new TrustStore(configDir).get(projectDir);
  if (grant?.hash === fingerprint.hash) return { trusted: true, via: "grant" };
  return grant === undefined ? { trusted: false, reason: "unseen", changed: [], fingerprint } : {
    trusted: false,
    reason: "changed",
    changed: changedParts(grant.parts, fingerprint.parts),
    fingerprint,
  };
}

/** Trusts `projectDir` at its current fingerprint. */
export async function grantWorkspaceTrust(
  projectDir: string,
  options: { configDir?: string; fingerprint?: WorkspaceFingerprint } = {},
): Promise<void> {
  const fingerprint = options.fingerprint ?? await fingerprintWorkspace(projectDir);
  new TrustStore(options.configDir ?? userConfigDir()).put(projectDir, {
    hash: fingerprint.hash,
    parts: fingerprint.parts,
    grantedAt: new Date().toISOString(),
  });
}

/** Withdraws the grant of `projectDir`; true when it had one. */
export function revokeWorkspaceTrust(projectDir: string, configDir = userConfigDir()): boolean {
  return new TrustStore(configDir).revoke(projectDir);
}

/** The one line a command that needs trust prints when it is missing (`what`: "flux watch"). */
export function untrustedLine(projectDir: string, verdict: TrustVerdict, what: string): string {
  if (verdict.trusted) return "";
  const why = verdict.reason === "changed"
    ? `changed since you trusted it (${verdict.changed.join(", ")})`
    : "is not trusted yet";
  return `${what}: this project (${projectDir}) ${why}, so Flux runs none of its code: run "flux trust" to review what would run, or pass --trust (FLUX_TRUST=1) in CI`;
}

/** The `trust.folders` rule of the user's config that covers `projectDir`, if any. */
function folderRule(
  projectDir: string,
  configDir: string,
  home: string | undefined,
): string | undefined {
  let raw: unknown;
  try {
    raw = parse(Deno.readTextFileSync(`${configDir}/config.yaml`));
  } catch {
    return undefined;
  }
  const trust = isRecord(raw) ? raw.trust : undefined;
  const folders = isRecord(trust) && Array.isArray(trust.folders) ? trust.folders : [];
  for (const rule of folders) {
    if (typeof rule !== "string" || rule.trim() === "") continue;
    const expanded = rule.startsWith("~/") && home ? `${home}${rule.slice(1)}` : rule;
    if (!expanded.startsWith("/")) continue; // A relative rule would depend on where Flux starts.
    const pattern = expanded.replace(/\/+$/, "");
    if (pattern === projectDir || picomatch(pattern, { dot: true })(projectDir)) return rule;
  }
  return undefined;
}
