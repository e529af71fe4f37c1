/**
 * The fingerprint of a step with `sources:`: what went into its last successful run. Content hashes of its
 * source files (names included, so a rename counts), its command text or tool and params, the values of the
 * environment variables it declares (`env:` and `fingerprint_env:`) and the identity of the programs it
 * runs; context variables count with their values. Computing one only reads: files, the environment,
 * `PATH`. Values are kept as hashes, never as text,
 * so a fingerprint stored in the session store holds no secret.
 */
import { createHash } from "node:crypto";
import { picomatch } from "../deps/picomatch.ts";
import { placeholdersIn, type VariableLookup } from "./context_variables.ts";
import { allSteps, type PlannedStep, type WorkflowPlan } from "./workflow_plan.ts";

/** What went into a step's run, each part hashed. */
export interface StepInputs {
  /** Project-relative path -> sha256 of its content. */
  files: Record<string, string>;
  /** Hash of the command text, or of the tool name and params. */
  action: string;
  /** Context variable the step uses (`steps.build.output`) -> hash of its value now. */
  variables: Record<string, string>;
  /** Declared variable -> hash of its value (`-` when unset). */
  env: Record<string, string>;
  /** Program -> identity of the executable `PATH` finds (path, size, modification time). */
  tools: Record<string, string>;
}

/** Looks up programs at most once per run. */
export type ToolResolver = (program: string) => Promise<string>;

/** Folders never searched for sources unless a glob starts inside them. */
const SKIPPED_DIRS = new Set([".git", ".flux", "node_modules"]);

/** The inputs of `step` now; `programs` are those it ran last time (their identity counts). */
export async function stepInputs(
  step: PlannedStep,
  projectDir: string,
  programs: string[],
  resolveTool: ToolResolver,
  values: VariableLookup = new Map(),
): Promise<StepInputs> {
  const files: Record<string, string> = {};
  for (const path of await expandGlobs(projectDir, step.sources ?? [])) {
    // Never the session store: this process holds it open, and closing any descriptor of it would drop
    // SQLite's locks (see ARCHITECTURE.md).
    if (/(^|\/)\.flux\/sessions\.db/.test(path)) continue;
    files[path] = hash(await Deno.readFile(`${projectDir}/${path}`));
  }
  const action = step.command !== undefined
    ? hash(`command\0${step.command}`)
    : hash(`${step.type}\0${step.toolName ?? ""}\0${stableJson(step.params)}`);
  // Context variables count with their values: a step fed another step's output reruns when it changes.
  const variables: Record<string, string> = {};
  const text = `${step.command ?? ""}\0${stableJson(step.params)}\0${stableJson(step.env)}`;
  for (const name of placeholdersIn(text)) variables[name] = hash(values.get(name) ?? "");
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env)) env[name] = hash(value);
  for (const name of step.fingerprintEnv ?? []) {
    if (name in env) continue;
    const value = Deno.env.get(name);
    env[name] = value === undefined ? "-" : hash(value);
  }
  const tools: Record<string, string> = {};
  for (const program of programs) tools[program] = await resolveTool(program);
  return { files, action, variables, env, tools };
}

/** One short hash of all inputs. */
export function fingerprintOf(inputs: StepInputs): string {
  return hash(stableJson(inputs)).slice(0, 16);
}

/** The first difference between the inputs of the last successful run and now, in words. */
export function describeChange(before: StepInputs, now: StepInputs): string | undefined {
  const gone = Object.keys(before.files).filter((f) => !(f in now.files));
  const added = Object.keys(now.files).filter((f) => !(f in before.files));
  if (gone.length === 1 && added.length === 1) return `${gone[0]} was renamed to ${added[0]}`;
  const changed = Object.keys(now.files).find((f) =>
    f in before.files && before.files[f] !== now.files[f]
  );
  if (changed) return `${changed} changed`;
  if (added.length > 0) return `${added[0]} is new${more(added)}`;
  if (gone.length > 0) return `${gone[0]} is gone${more(gone)}`;
  if (before.action !== now.action) return "its command or tool and params changed";
  const variable = Object.keys(now.variables).find((v) =>
    before.variables?.[v] !== now.variables[v]
  );
  if (variable) return `the value of {${variable}} changed`;
  const names = new Set([...Object.keys(before.env), ...Object.keys(now.env)]);
  const env = [...names].find((n) => before.env[n] !== now.env[n]);
  if (env) return `the value of ${env} changed`;
  const tool = Object.keys(now.tools).find((t) => before.tools[t] !== now.tools[t]);
  if (tool) return `the program ${tool} changed (${now.tools[tool]})`;
  return undefined;
}

function more(list: string[]): string {
  return list.length > 1 ? ` (and ${list.length - 1} more)` : "";
}

/**
 * Project-relative files matching any of `globs` (dotfiles included), sorted. A glob without wildcards
 * names one file or a whole folder.
 */
export async function expandGlobs(projectDir: string, globs: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const glob of globs) {
    const { base, isGlob } = picomatch.scan(glob);
    if (!isGlob) {
      await addPlain(projectDir, glob.replace(/\/+$/, ""), found);
      continue;
    }
    const match = picomatch(glob, { dot: true });
    await walk(projectDir, base, (path) => match(path) && found.add(path));
  }
  return [...found].sort();
}

async function addPlain(projectDir: string, path: string, found: Set<string>): Promise<void> {
  const info = await Deno.stat(`${projectDir}/${path}`).catch(() => undefined);
  if (info?.isFile) found.add(path);
  else if (info?.isDirectory) await walk(projectDir, path, (p) => found.add(p));
}

async function walk(projectDir: string, dir: string, visit: (path: string) => unknown) {
  const entries = await Array.fromAsync(Deno.readDir(`${projectDir}/${dir || "."}`)).catch(
    () => [],
  );
  for (const entry of entries) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory && !SKIPPED_DIRS.has(entry.name)) await walk(projectDir, path, visit);
    else if (entry.isFile) visit(path);
  }
}

/** Identity of the executable `program` runs as (`missing` when `PATH` has none). */
export async function resolveProgram(program: string, path = Deno.env.get("PATH") ?? ""): Promise<
  string
> {
  const candidates = program.includes("/")
    ? [program]
    : path.split(":").filter(Boolean).map((dir) => `${dir}/${program}`);
  for (const candidate of candidates) {
    try {
      const real = await Deno.realPath(candidate);
      const info = await Deno.stat(real);
      if (info.isFile) return `${real} ${info.size} ${info.mtime?.getTime() ?? 0}`;
    } catch {
      // Not in this folder.
    }
  }
  return "missing";
}

/** A resolver that looks each program up once. */
export function cachedResolver(resolve: ToolResolver = resolveProgram): ToolResolver {
  const cache = new Map<string, Promise<string>>();
  return (program) => {
    let found = cache.get(program);
    if (!found) cache.set(program, found = resolve(program));
    return found;
  };
}

/** The program a command runs first (its first word), when it is a plain name. */
export function firstProgram(command: string): string | undefined {
  const word = command.trim().split(/\s+/)[0] ?? "";
  return /^[A-Za-z0-9_./+-]+$/.test(word) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)
    ? word
    : undefined;
}

function hash(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** JSON with object keys sorted, so equal values give equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A hash of a workflow's definition and of every workflow it calls: `--resume` refuses when it changed. */
export function planFingerprint(plan: WorkflowPlan): string {
  const definitions: unknown[] = [];
  const seen = new Set<string>();
  const visit = (p: WorkflowPlan) => {
    if (seen.has(p.name)) return;
    seen.add(p.name);
    definitions.push(p.definition);
    for (const step of allSteps([...p.steps, ...p.onSuccess, ...p.onFailure])) {
      if (step.calls) visit(step.calls);
    }
  };
  visit(plan);
  return hash(stableJson(definitions)).slice(0, 16);
}
