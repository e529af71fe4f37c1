/**
 * `sandbox:` of a workflow or a step: run the workflow's `command` steps in the OS sandbox (bubblewrap)
 * instead of with the user's full rights. The project and the rest of the file system are read-only
 * except the folders listed under `write` (project-relative), `.flux/` and `.git/` stay read-only even
 * then, `/tmp` is private, tool caches stay writable, and there is no network unless `network: true`.
 *
 * ```yaml
 * release-check:
 *   sandbox:                 # or `sandbox: true` (nothing writable, no network)
 *     write: [dist, .cache]
 *     network: false
 *   steps: ...               # a step may say `sandbox: false` to run as the user, or its own `sandbox:`
 * ```
 */
import { describe, isRecord, type PlanChecker } from "./_plan_checker.ts";
import type { ValuePath } from "./parse_workflows_text.ts";
import type { StepSandbox } from "./workflow_plan.ts";

const KEYS = ["write", "network"];

/**
 * The sandbox `raw[field]` asks for: `undefined` when absent (the caller inherits), `null` for
 * `sandbox: false`. Every problem is recorded at its line; a broken value counts as `sandbox: true`, the
 * safe reading, though the plan will not run anyway.
 */
export function checkSandbox(
  checker: PlanChecker,
  raw: Record<string, unknown>,
  path: ValuePath,
  what: string,
): StepSandbox | null | undefined {
  const value = raw.sandbox;
  const at = [...path, "sandbox"];
  if (value === undefined) return undefined;
  if (value === false) return null;
  if (value === true || value === null) return { write: [], network: false };
  if (!isRecord(value)) {
    checker.error(
      at,
      `"sandbox" of ${what} must be true, false or a mapping with "write" and "network", not ${
        describe(value)
      }`,
    );
    return { write: [], network: false };
  }
  for (const key of Object.keys(value)) {
    if (!KEYS.includes(key)) {
      checker.error(
        [...at, key],
        `Unknown field "${key}" in "sandbox" of ${what}: use write (folders) and network (true or false)`,
        true,
      );
    }
  }
  const network = value.network ?? false;
  if (typeof network !== "boolean") {
    checker.error(
      [...at, "network"],
      `"sandbox.network" of ${what} must be true or false, not ${describe(network)}`,
    );
  }
  const write = typeof value.write === "string" ? [value.write] : value.write ?? [];
  if (!Array.isArray(write) || write.some((w) => typeof w !== "string" || w.trim() === "")) {
    checker.error(
      [...at, "write"],
      `"sandbox.write" of ${what} must be a list of project folders, not ${describe(value.write)}`,
    );
    return { write: [], network: network === true };
  }
  const folders = (write as string[]).map((w) =>
    w.trim().replace(/^\.\/+/, "").replace(/\/+$/, "")
  );
  const outside = folders.find((w) =>
    w.startsWith("/") || w.startsWith("~") || w.split("/").includes("..")
  );
  if (outside !== undefined) {
    checker.error(
      [...at, "write"],
      `"${outside}" in "sandbox.write" of ${what} leaves the project: name a folder relative to the project`,
    );
    return { write: [], network: network === true };
  }
  const guarded = folders.find((w) =>
    [".flux", ".git"].includes(w.split("/")[0]!) && w !== ".flux/tmp" && !w.startsWith(".flux/tmp/")
  );
  if (guarded !== undefined) {
    checker.error(
      [...at, "write"],
      `"${guarded}" in "sandbox.write" of ${what} stays read-only: .flux and .git decide what Flux and git run next (use .flux/tmp for scratch files)`,
    );
    return { write: [], network: network === true };
  }
  return { write: folders.map((w) => w === "" ? "." : w), network: network === true };
}

/**
 * Step types whose programs a `sandbox:` confines (`command`, `tool`), or which pass it to the steps inside
 * them. A `workflow` step's workflow has its own `sandbox:`; other plugins' programs are confined by
 * their own grants.
 */
export const SANDBOXABLE_STEP_TYPES = ["command", "tool", "parallel", "condition"];
