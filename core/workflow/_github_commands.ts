/**
 * What tool steps become on a GitHub Actions runner, per detected toolchain, set up the way the project
 * installs itself (its package manager, its Python package with test extras): for the GitHub export.
 * Checks only: lint never fixes, format only checks.
 */
import type { ToolKind } from "../toolchain/types.ts";
import type { CiSetup, NodeSetup } from "./read_ci_setup.ts";

/** `tool_name` -> the kind of tool it runs. */
export const TOOL_KIND: Record<string, ToolKind> = {
  run_tests: "test",
  lint: "lint",
  format: "format",
  auto_fix: "format",
  typecheck: "typecheck",
  build: "build",
};

/** Per toolchain, the command a tool step becomes on a GitHub runner (`auto_fix` checks only). */
export const GITHUB_COMMANDS: Record<string, Partial<Record<ToolKind, string>>> = {
  deno: {
    test: "deno test -A",
    lint: "deno lint",
    format: "deno fmt --check",
    typecheck: "deno check .",
    build: "deno check .",
  },
  python: {
    test: "python -m pytest",
    lint: "ruff check --no-fix .",
    format: "ruff format --check .",
    build: "python -m compileall -q .",
  },
  node: {
    test: "npm test",
    lint: "npx eslint .",
    format: "npx prettier --check .",
    typecheck: "npx tsc --noEmit",
    build: "npm run build",
  },
  go: {
    test: "go test ./...",
    lint: "go vet ./...",
    format: 'test -z "$(gofmt -l .)"',
    typecheck: "go build ./...",
    build: "go build ./...",
  },
  rust: {
    test: "cargo test",
    lint: "cargo clippy -- -D warnings",
    format: "cargo fmt --check",
    typecheck: "cargo check",
    build: "cargo build",
  },
};

/** The command for `kind` on toolchain `chain`, in the project's own package manager. */
export function githubCommand(chain: string, kind: ToolKind, setup: CiSetup): string | undefined {
  const node = setup.node;
  if (chain !== "node" || !node) return GITHUB_COMMANDS[chain]?.[kind];
  const exec = EXEC[node.manager];
  switch (kind) {
    case "test":
      return node.manager === "bun" ? "bun run test" : `${node.manager} test`;
    case "lint":
      return `${exec} eslint .`;
    case "format":
      return `${exec} prettier --check .`;
    case "typecheck":
      return `${exec} tsc --noEmit`;
    case "build":
      return node.scripts.build !== undefined
        ? `${node.manager} run build`
        : `${exec} tsc --noEmit`;
  }
}

const EXEC: Record<NodeSetup["manager"], string> = {
  npm: "npx",
  pnpm: "pnpm exec",
  yarn: "yarn",
  bun: "bunx",
};

/** The steps that install toolchain `chain` and the project on a GitHub runner. */
export function githubSetup(
  chain: string,
  setup: CiSetup,
  kinds: ReadonlySet<ToolKind>,
): Record<string, unknown>[] {
  switch (chain) {
    case "deno":
      return [{ uses: "denoland/setup-deno@v2", with: { "deno-version": "v2.x" } }];
    case "python": {
      const python = setup.python;
      const tools = [
        ...(kinds.has("test") ? ["pytest"] : []),
        ...(kinds.has("lint") || kinds.has("format") ? ["ruff"] : []),
      ].filter((t) => !python?.declared.includes(t));
      const install = [...(python?.install ?? [])];
      if (tools.length > 0) install.push(`pip install ${tools.join(" ")}`);
      return [
        { uses: "actions/setup-python@v5", with: { "python-version": "3.12" } },
        ...(install.length > 0 ? [{ name: "Install the project", run: install.join("\n") }] : []),
      ];
    }
    case "node":
      return nodeSetupSteps(setup.node);
    case "go":
      return [{ uses: "actions/setup-go@v5", with: { "go-version-file": "go.mod" } }];
    default:
      return [];
  }
}

function nodeSetupSteps(node: NodeSetup | undefined): Record<string, unknown>[] {
  const setupNode = (cache?: string) => ({
    uses: "actions/setup-node@v4",
    with: { "node-version": "22", ...(cache ? { cache } : {}) },
  });
  if (!node) return [setupNode(), { run: "npm install" }];
  switch (node.manager) {
    case "pnpm":
      return [
        // Without a version the action reads `packageManager` from package.json.
        { uses: "pnpm/action-setup@v4", ...(node.version ? {} : { with: { version: 9 } }) },
        setupNode(node.lockfile ? "pnpm" : undefined),
        { run: node.lockfile ? "pnpm install --frozen-lockfile" : "pnpm install" },
      ];
    case "yarn":
      return [
        ...(node.yarnBerry ? [{ run: "corepack enable" }] : []),
        setupNode(node.lockfile ? "yarn" : undefined),
        {
          run: !node.lockfile
            ? "yarn install"
            : node.yarnBerry
            ? "yarn install --immutable"
            : "yarn install --frozen-lockfile",
        },
      ];
    case "bun":
      return [
        {
          uses: "oven-sh/setup-bun@v2",
          ...(node.version ? { with: { "bun-version": node.version } } : {}),
        },
        { run: node.lockfile ? "bun install --frozen-lockfile" : "bun install" },
      ];
    case "npm":
      return [
        setupNode(node.lockfile ? "npm" : undefined),
        { run: node.lockfile ? "npm ci" : "npm install" },
      ];
  }
}
