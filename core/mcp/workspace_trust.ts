/**
 * Whether the user trusts this project enough to let an agent run its workflows. Flux has no workspace
 * trust yet (issue 12 builds it), so no project is trusted and `flux_run_workflow` is refused with a line that
 * says why. When workspace trust lands, this is the one function to point at it.
 */

/** A trust decision and, when refused, the reason in one line. */
export interface TrustVerdict {
  trusted: boolean;
  reason: string;
}

/** Asks whether `projectDir` is trusted. */
export type TrustCheck = (projectDir: string) => Promise<TrustVerdict>;

/** The project's workspace trust, as far as this Flux can tell. */
export function workspaceTrust(_projectDir: string): Promise<TrustVerdict> {
  return Promise.resolve({
    trusted: false,
    reason:
      "this Flux has no workspace trust yet, so no project can be trusted to let agents run workflows",
  });
}
