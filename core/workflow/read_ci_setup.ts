/**
 * How a project installs itself on a fresh CI runner, read from its own files: the Node package manager
 * (`packageManager`, else the lockfile), its scripts, and for Python the package with its test extras or
 * dependency group, or its requirements files. Used by the GitHub export.
 */
import { parseToml } from "../deps/toml.ts";
import { isFile } from "../fs/is_file.ts";

/** The Node package managers Flux can set up. */
export type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

/** A Node project's install facts. */
export interface NodeSetup {
  manager: PackageManager;
  /** The version from `packageManager` ("9.12.0"), when given. */
  version?: string;
  /** True when the manager's lockfile is committed (then installs are frozen). */
  lockfile: boolean;
  /** Yarn 2+ (`.yarnrc.yml` or `packageManager: yarn@2+`). */
  yarnBerry: boolean;
  scripts: Record<string, string>;
}

/** A Python project's install commands, in order. */
export interface PythonSetup {
  install: string[];
  /** Tools its own files declare (so `pip install` of them is not needed): "pytest", "ruff". */
  declared: string[];
}

/** What the export needs to know about the project. */
export interface CiSetup {
  node?: NodeSetup;
  python?: PythonSetup;
}

const LOCKFILES: Record<PackageManager, string[]> = {
  pnpm: ["pnpm-lock.yaml"],
  yarn: ["yarn.lock"],
  bun: ["bun.lock", "bun.lockb"],
  npm: ["package-lock.json", "npm-shrinkwrap.json"],
};
const TEST_EXTRAS = ["test", "tests", "testing", "dev"];
const REQUIREMENTS = [
  "requirements.txt",
  "requirements-test.txt",
  "requirements-dev.txt",
  "test-requirements.txt",
  "dev-requirements.txt",
  "requirements/test.txt",
  "requirements/dev.txt",
];

/** Reads `projectDir`'s install facts; a file that cannot be read or parsed counts as absent. */
export async function readCiSetup(projectDir: string): Promise<CiSetup> {
  const setup: CiSetup = {};
  const pkg = await readJson(`${projectDir}/package.json`);
  if (pkg) setup.node = nodeSetup(projectDir, pkg);
  const python = await pythonSetup(projectDir);
  if (python) setup.python = python;
  return setup;
}

function nodeSetup(dir: string, pkg: Record<string, unknown>): NodeSetup {
  const declared = typeof pkg.packageManager === "string"
    ? /^(npm|pnpm|yarn|bun)@([^+\s]+)/.exec(pkg.packageManager)
    : null;
  const byLock = (Object.keys(LOCKFILES) as PackageManager[])
    .find((m) => LOCKFILES[m].some((f) => isFile(`${dir}/${f}`)));
  const manager = (declared?.[1] as PackageManager | undefined) ?? byLock ?? "npm";
  const version = declared?.[2];
  const scripts = isRecord(pkg.scripts)
    ? Object.fromEntries(
      Object.entries(pkg.scripts).filter((e): e is [string, string] => typeof e[1] === "string"),
    )
    : {};
  return {
    manager,
    ...(version ? { version } : {}),
    lockfile: LOCKFILES[manager].some((f) => isFile(`${dir}/${f}`)),
    yarnBerry: manager === "yarn" &&
      (isFile(`${dir}/.yarnrc.yml`) || (version !== undefined && !version.startsWith("1."))),
    scripts,
  };
}

async function pythonSetup(dir: string): Promise<PythonSetup | undefined> {
  const pyproject = await readToml(`${dir}/pyproject.toml`);
  const hasSetup = isFile(`${dir}/setup.py`) || isFile(`${dir}/setup.cfg`);
  const requirements = REQUIREMENTS.filter((f) => isFile(`${dir}/${f}`));
  if (!pyproject && !hasSetup && requirements.length === 0) return undefined;
  const install = ["python -m pip install --upgrade pip"];
  const declared: string[] = [];
  const project = isRecord(pyproject?.project) ? pyproject.project : undefined;
  const extras = isRecord(project?.["optional-dependencies"])
    ? project["optional-dependencies"]
    : {};
  const groups = isRecord(pyproject?.["dependency-groups"]) ? pyproject["dependency-groups"] : {};
  const extra = TEST_EXTRAS.find((name) => name in extras);
  const group = TEST_EXTRAS.find((name) => name in groups);
  if (project || hasSetup) install.push(`pip install -e ${extra ? `".[${extra}]"` : "."}`);
  // PEP 735 dependency groups: pip installs them with --group since pip 25.1.
  if (group) install.push(`pip install --group ${group}`);
  for (const file of requirements) install.push(`pip install -r ${file}`);
  const specs = [
    ...listOf(project?.dependencies),
    ...(extra ? listOf(extras[extra]) : []),
    ...(group ? listOf(groups[group]) : []),
    ...(await Promise.all(requirements.map((f) => readLines(`${dir}/${f}`)))).flat(),
  ];
  for (const tool of ["pytest", "ruff"]) {
    if (specs.some((s) => new RegExp(`^${tool}(?![\\w-])`, "i").test(s.trim()))) {
      declared.push(tool);
    }
  }
  return { install, declared };
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await Deno.readTextFile(path));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

async function readToml(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return parseToml(await Deno.readTextFile(path)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function readLines(path: string): Promise<string[]> {
  try {
    return (await Deno.readTextFile(path)).split("\n");
  } catch {
    return [];
  }
}

function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
