/**
 * The write mode of each lint and format check Flux runs, by the check's analyzer name (`ToolRun.tool`):
 * the same program the check started (the project's own `node_modules` eslint, the venv's ruff), given
 * only the files the findings name. A check with no entry here (pylint, clippy) has no fixer: its
 * findings are left to the person.
 */
import { nodeBin, pythonBin } from "../toolchain/_util.ts";

/** How to fix what one check found. */
export interface Fixer {
  /** `fixable`: only findings the tool's own report marks fixable; `all`: every file with a finding. */
  fixes: "all" | "fixable";
  /** The command that rewrites `files` (project-relative, each starting "./") in place. */
  invocation(projectDir: string, files: string[]): { cmd: string; args: string[] };
  /** Exit codes that mean the fixer ran (lint fixers exit 1 when issues they cannot fix remain). */
  okCodes: readonly number[];
  /** Output that means the fixer failed even with an ok exit code (deno exits 1 for both). */
  crashed?: RegExp;
}

const node = (projectDir: string, bin: string, args: string[]) => ({
  cmd: "node",
  args: [nodeBin(projectDir, bin), ...args],
});

/** The fixers, by check analyzer name. */
export const FIXERS: Record<string, Fixer> = {
  eslint: {
    fixes: "fixable",
    invocation: (dir, files) => node(dir, "eslint", ["--fix", ...files]),
    okCodes: [0, 1],
  },
  biome: {
    fixes: "all",
    invocation: (dir, files) => node(dir, "biome", ["lint", "--write", ...files]),
    okCodes: [0, 1],
  },
  deno_lint: {
    fixes: "all",
    invocation: (_dir, files) => ({ cmd: "deno", args: ["lint", "--fix", ...files] }),
    okCodes: [0, 1],
    crashed: /^Error linting:/m,
  },
  ruff: {
    fixes: "fixable",
    invocation: (dir, files) => ({
      cmd: pythonBin(dir, "ruff"),
      args: ["check", "--fix", "--no-cache", ...files],
    }),
    okCodes: [0, 1],
  },
  deno_fmt: {
    fixes: "all",
    invocation: (_dir, files) => ({ cmd: "deno", args: ["fmt", "--quiet", ...files] }),
    okCodes: [0],
    crashed: /^Error formatting:/m,
  },
  prettier: {
    fixes: "all",
    invocation: (dir, files) => node(dir, "prettier", ["--write", ...files]),
    okCodes: [0],
  },
  biome_format: {
    fixes: "all",
    invocation: (dir, files) => node(dir, "biome", ["format", "--write", ...files]),
    okCodes: [0],
  },
  ruff_format: {
    fixes: "all",
    invocation: (dir, files) => ({
      cmd: pythonBin(dir, "ruff"),
      args: ["format", "--no-cache", ...files],
    }),
    okCodes: [0],
  },
  black: {
    fixes: "all",
    invocation: (dir, files) => ({ cmd: pythonBin(dir, "black"), args: ["--quiet", ...files] }),
    okCodes: [0],
  },
  gofmt: {
    fixes: "all",
    invocation: (_dir, files) => ({ cmd: "gofmt", args: ["-w", ...files] }),
    okCodes: [0],
  },
  rustfmt: {
    fixes: "all",
    invocation: (dir, files) => ({
      cmd: "rustfmt",
      args: ["--edition", rustEdition(dir), ...files],
    }),
    okCodes: [0],
  },
};

/** The crate's edition from Cargo.toml (rustfmt started alone does not read it), else 2021. */
function rustEdition(projectDir: string): string {
  try {
    const toml = Deno.readTextFileSync(`${projectDir}/Cargo.toml`);
    return /^edition\s*=\s*"(\d{4})"/m.exec(toml)?.[1] ?? "2021";
  } catch {
    return "2021";
  }
}
