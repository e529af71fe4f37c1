/**
 * Whether the user trusts this project enough to let an agent run its workflows: Flux's workspace trust
 * (`flux trust`, a `trust.folders` rule of the user's config, or `FLUX_TRUST=1` for one run; see
 * docs/trust.md). A project edited since it was trusted is not trusted.
 */
import { checkWorkspaceTrust } from "../trust/workspace_trust.ts";

/** A trust decision and, when refused, the reason in one line. */
export interface TrustVerdict {
  trusted: boolean;
  reason: string;
}

/** Asks whether `projectDir` is trusted. */
export type TrustCheck = (projectDir: string) => Promise<TrustVerdict>;

/** The project's workspace trust, in one line when it is missing. */
export async function workspaceTrust(projectDir: string): Promise<TrustVerdict> {
  const verdict = await checkWorkspaceTrust(projectDir);
  if (verdict.trusted) return { trusted: true, reason: "" };
  return {
    trusted: false,
    reason: verdict.reason === "changed"
      ? `it changed since the user trusted it (${
        verdict.changed.join(", ")
      }): they can review it with "flux trust"`
      : 'the user has not trusted it: they can review it with "flux trust"',
  };
}
