/** What tool steps become on a GitHub Actions runner, per detected toolchain (for the GitHub export). */
import type { ToolKind } from "../toolchain/types.ts";

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
/** Per toolchain, the steps that install it on a GitHub runner. */
export const GITHUB_SETUP: Record<string, Record<string, unknown>[]> = {
  deno: [{ uses: "denoland/setup-deno@v2", with: { "deno-version": "v2.x" } }],
  python: [
    { uses: "actions/setup-python@v5", with: { "python-version": "3.12" } },
    { run: "pip install pytest ruff" },
  ],
  node: [{ uses: "actions/setup-node@v4", with: { "node-version": "22" } }, { run: "npm ci" }],
  go: [{ uses: "actions/setup-go@v5", with: { "go-version": "stable" } }],
  rust: [],
};
