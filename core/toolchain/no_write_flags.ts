/**
 * A background check is read-only by construction: for every adapter, the flags (and variables) that keep
 * its check run from writing to the working tree, and what it writes instead. Each adapter takes its
 * flags from this table, a test holds every adapter to it, and docs/toolchain.md shows it. Adapters whose
 * whole job is writing (a build script, a formatter in fix mode) say so: `readOnly: false` ones run only
 * when the user asks (a workflow step, `flux wf run fix`, or config naming the tool).
 */

/** How one adapter's check run stays out of the working tree. */
export interface NoWrite {
  /** Flags passed on every check run. */
  flags: readonly string[];
  /** Variables set on every check run (only ones that stop writes, never colour or CI ones). */
  env?: Readonly<Record<string, string>>;
  /** What the run writes, and where. */
  writes: string;
  /** False for adapters that write by design; monitors never run them unless config names them. */
  readOnly: boolean;
}

/** Flags that make a tool write files; no check run may carry one. */
export const WRITE_FLAGS: readonly string[] = [
  "--fix",
  "--write",
  "-w",
  "--unsafe-fixes",
  "--apply",
  "--apply-unsafe",
  "--fix-dry-run",
];

const REPORT = "only its report file in .flux/tmp";

/** The table, by adapter name. */
export const NO_WRITE = {
  deno_test: {
    flags: [],
    writes:
      `${REPORT}, and a task's --coverage profile beside it (what the tests themselves write, ` +
      "they write)",
    readOnly: true,
  },
  deno_check: {
    flags: [],
    writes: "nothing (Deno's own cache, outside the project)",
    readOnly: true,
  },
  deno_lint: { flags: [], writes: "nothing (no --fix)", readOnly: true },
  deno_fmt: { flags: ["--check"], writes: "nothing", readOnly: true },
  pytest: {
    flags: ["-p", "no:cacheprovider"],
    env: { PYTHONDONTWRITEBYTECODE: "1" },
    writes: `${REPORT}; no .pytest_cache, no __pycache__`,
    readOnly: true,
  },
  ruff: {
    flags: ["--no-fix", "--no-cache"],
    writes: "nothing, even with `fix = true` in config",
    readOnly: true,
  },
  ruff_format: { flags: ["--check", "--no-cache"], writes: "nothing", readOnly: true },
  pylint: {
    flags: ["--persistent=n"],
    env: { PYTHONDONTWRITEBYTECODE: "1" },
    writes: "nothing",
    readOnly: true,
  },
  black: {
    flags: ["--check"],
    writes: "nothing (black's cache, outside the project)",
    readOnly: true,
  },
  compileall: {
    flags: [],
    writes: "bytecode under .flux/tmp/pycache (PYTHONPYCACHEPREFIX)",
    readOnly: true,
  },
  vitest: {
    flags: [],
    writes: `${REPORT}, and the coverage report beside it when coverage is on (snapshots your ` +
      "tests write, as in your shell)",
    readOnly: true,
  },
  jest: {
    flags: [],
    writes: `${REPORT}, and the coverage report beside it when coverage is on (snapshots your ` +
      "tests write, as in your shell)",
    readOnly: true,
  },
  npm_test: {
    flags: [],
    writes:
      "what your test script writes; a monitor runs no pretest/posttest hook (npm --ignore-scripts)",
    readOnly: true,
  },
  npm_build: { flags: [], writes: "whatever your build script writes", readOnly: false },
  eslint: { flags: [], writes: "nothing (no --fix, no --cache)", readOnly: true },
  biome: { flags: [], writes: "nothing (no --write)", readOnly: true },
  biome_format: { flags: [], writes: "nothing (no --write)", readOnly: true },
  tsc: {
    flags: ["--noEmit"],
    writes: "its build info under .flux/tmp (--tsBuildInfoFile)",
    readOnly: true,
  },
  prettier: { flags: ["--check"], writes: "nothing", readOnly: true },
  go_test: {
    flags: [],
    writes: "nothing (Go's build and test cache, outside the project)",
    readOnly: true,
  },
  go_check: {
    flags: ["-o"],
    writes: "nothing: what it builds goes to /dev/null (-o), Go's caches are outside the project",
    readOnly: true,
  },
  go_vet: { flags: [], writes: "nothing", readOnly: true },
  go_build: { flags: [], writes: "a main package's executable in the project", readOnly: false },
  gofmt: { flags: ["-l"], writes: "nothing", readOnly: true },
  cargo_test: {
    flags: [],
    writes:
      "target/ (cargo's build cache); Cargo.lock only where it is missing, as every cargo command does",
    readOnly: true,
  },
  cargo_check: {
    flags: [],
    writes:
      "target/ (cargo's build cache); Cargo.lock only where it is missing, as every cargo command does",
    readOnly: true,
  },
  cargo_clippy: {
    flags: [],
    writes: "target/ (cargo's build cache); no --fix; Cargo.lock only where it is missing",
    readOnly: true,
  },
  cargo_build: {
    flags: [],
    writes:
      "target/ (cargo's build cache); Cargo.lock only where it is missing, as every cargo command does",
    readOnly: true,
  },
  rustfmt: { flags: ["--check"], writes: "nothing", readOnly: true },
} satisfies Record<string, NoWrite>;

/** Adapter names the table covers. */
export type AdapterName = keyof typeof NO_WRITE;
