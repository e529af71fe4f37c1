/**
 * Finds the ecosystems of a project from its files (no program is run): deno.json, package.json,
 * pyproject.toml and friends, go.mod, Cargo.toml. Each toolchain lists, per kind, the analyzers to try.
 */
import { requiredText } from "../api/required.ts";
import type { Toolchain, ToolKind } from "./types.ts";
import { nodeTestScript } from "./node_test_script.ts";

/** Detects the toolchains of `projectDir`, in the order deno, node, python, go, rust. */
export async function detectToolchains(projectDir: string): Promise<Toolchain[]> {
  requiredText(projectDir, "detectToolchains's projectDir", 'detectToolchains("/project")');
  const names = await listDir(projectDir);
  const has = (name: string) => names.has(name);
  const chains: Toolchain[] = [];

  const denoMarkers = ["deno.json", "deno.jsonc"].filter(has);
  if (denoMarkers.length > 0) {
    chains.push({
      name: "deno",
      markers: denoMarkers,
      tools: {
        test: ["deno_test"],
        lint: ["deno_lint"],
        build: ["deno_check"],
        typecheck: ["deno_check"],
        format: ["deno_fmt"],
      },
    });
  }
  if (has("package.json")) chains.push(await nodeToolchain(projectDir, names));
  const python = await pythonToolchain(projectDir, names);
  if (python) chains.push(python);
  if (has("go.mod")) {
    chains.push({
      name: "go",
      markers: ["go.mod"],
      tools: {
        test: ["go_test"],
        lint: ["go_vet"],
        build: ["go_build"],
        typecheck: ["go_check"],
        format: ["gofmt"],
      },
    });
  }
  if (has("Cargo.toml")) {
    chains.push({
      name: "rust",
      markers: ["Cargo.toml"],
      tools: {
        test: ["cargo_test"],
        lint: ["cargo_clippy"],
        build: ["cargo_build"],
        typecheck: ["cargo_check"],
        format: ["rustfmt"],
      },
    });
  }
  return chains;
}

async function nodeToolchain(projectDir: string, names: Set<string>): Promise<Toolchain> {
  const pkg = asRecord(parseJson(await readText(`${projectDir}/package.json`)));
  const scripts = asRecord(pkg.scripts);
  const deps = { ...asRecord(pkg.dependencies), ...asRecord(pkg.devDependencies) };
  const dep = (name: string) => name in deps;
  const someFile = (re: RegExp) => [...names].some((n) => re.test(n));
  const tools: Partial<Record<ToolKind, string[]>> = {};

  // The project's own test script decides; only without one is an installed runner run plainly.
  const testScript = nodeTestScript(projectDir);
  if (testScript) tools.test = [testScript.runner ?? "npm_test"];
  else if (dep("vitest")) tools.test = ["vitest"];
  else if (dep("jest")) tools.test = ["jest"];

  const lint: string[] = [];
  if (dep("eslint") || someFile(/^(eslint\.config\.[cm]?[jt]s|\.eslintrc(\..+)?)$/)) {
    lint.push("eslint");
  }
  const biome = dep("@biomejs/biome") || someFile(/^biome\.jsonc?$/);
  if (biome) lint.push("biome");
  if (lint.length > 0) tools.lint = lint;

  // Without a tsconfig.json, `tsc --noEmit` prints its usage instead of checking anything. The build
  // script is the `build` kind, which only workflows run: the background check is the typecheck.
  const tsc = names.has("tsconfig.json");
  if (tsc) tools.typecheck = ["tsc"];
  if (typeof scripts.build === "string") tools.build = ["npm_build"];
  else if (tsc) tools.build = ["tsc"];

  const format: string[] = [];
  if (biome) format.push("biome_format");
  if (dep("prettier") || someFile(/^(\.prettierrc(\..+)?|prettier\.config\.[cm]?js)$/)) {
    format.push("prettier");
  }
  if (format.length > 0) tools.format = format;
  return { name: "node", markers: ["package.json"], tools };
}

const PYTHON_MARKERS = [
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "requirements.txt",
  "pytest.ini",
  "tox.ini",
  "conftest.py",
];

async function pythonToolchain(projectDir: string, names: Set<string>): Promise<Toolchain | null> {
  const markers = PYTHON_MARKERS.filter((m) => names.has(m));
  if (markers.length === 0) {
    const pyFiles = [...names].some((n) => n.endsWith(".py"));
    const testDir = names.has("tests") &&
      [...await listDir(`${projectDir}/tests`)].some((n) => n.endsWith(".py"));
    if (!pyFiles && !testDir) return null;
    markers.push(pyFiles ? "*.py" : "tests/*.py");
  }
  const pyproject = names.has("pyproject.toml")
    ? await readText(`${projectDir}/pyproject.toml`)
    : "";
  const ruff = names.has("ruff.toml") || names.has(".ruff.toml") ||
    /^\[tool\.ruff/m.test(pyproject);
  const pylint = names.has(".pylintrc") || names.has("pylintrc") ||
    /^\[tool\.pylint/m.test(pyproject);
  const black = /^\[tool\.black\]/m.test(pyproject);
  const lint = ruff || pylint
    ? [...(ruff ? ["ruff"] : []), ...(pylint ? ["pylint"] : [])]
    : ["ruff", "pylint"];
  const format = ruff || black
    ? [...(ruff ? ["ruff_format"] : []), ...(black ? ["black"] : [])]
    : ["ruff_format", "black"];
  return {
    name: "python",
    markers,
    tools: { test: ["pytest"], lint, build: ["compileall"], format },
  };
}

async function listDir(dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  try {
    for await (const entry of Deno.readDir(dir)) names.add(entry.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory)) {
      throw error;
    }
  }
  return names;
}

async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "";
    throw error;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : {};
}
