/**
 * Issue 11 §1: monitors never write to the working tree. Every adapter's check run carries the no-write
 * flags the table declares; every monitor, run through the real plugin host on a fixture project of each
 * toolchain (a ruff config with `fix = true`, a build script that rewrites README.md, a composite
 * tsconfig, a Go main package), leaves every file outside `.flux/` and the tools' caches as it was,
 * content and mtime; and a type error reaches `flux watch`.
 */
import "../_trust_test_projects.ts";
import { deepEqual, equal, ok } from "node:assert/strict";
import { allToolAdapters } from "../../core/toolchain/tool_adapters.ts";
import { NO_WRITE, type NoWrite, WRITE_FLAGS } from "../../core/toolchain/no_write_flags.ts";
import { runTool } from "../../core/toolchain/run_tool.ts";
import { PluginHost } from "../../core/plugin_host/plugin_host.ts";
import { GITHUB_COMMANDS } from "../../core/workflow/_github_commands.ts";
import { NODE_TEST_PACKAGES, nodePackages } from "./_node_packages.ts";

const REPO = `${import.meta.dirname}/../..`;

async function have(cmd: string, ...args: string[]): Promise<boolean> {
  try {
    return (await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output()).success;
  } catch {
    return false;
  }
}
const hasGo = await have("go", "version");
const hasCargo = await have("cargo", "--version");
const node = await nodePackages(NODE_TEST_PACKAGES);
const nodeSkip = "skip" in node ? node.skip : null;

async function project(files: Record<string, string>, links: Record<string, string> = {}) {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_read_only_" }));
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(`${dir}/${name}`.replace(/\/[^/]+$/, ""), { recursive: true });
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  for (const [name, target] of Object.entries(links)) await Deno.symlink(target, `${dir}/${name}`);
  return dir;
}

Deno.test("every adapter's check run carries its no-write flags, no write flag and no colour or CI variable", async () => {
  const dir = await project({ "package.json": "{}\n", "go.mod": "module x\n" });
  try {
    const names = allToolAdapters().map((a) => a.name).sort();
    deepEqual(names, Object.keys(NO_WRITE).sort(), "the table covers every adapter, and only them");
    for (const adapter of allToolAdapters()) {
      const declared: NoWrite = NO_WRITE[adapter.name as keyof typeof NO_WRITE];
      const inv = adapter.invocation({ projectDir: dir, reportFile: `${dir}/r`, fix: false });
      for (const flag of declared.flags) ok(inv.args.includes(flag), `${adapter.name}: ${flag}`);
      for (const flag of WRITE_FLAGS) ok(!inv.args.includes(flag), `${adapter.name}: ${flag}`);
      for (const [key, value] of Object.entries(declared.env ?? {})) {
        equal(inv.env?.[key], value, `${adapter.name}: ${key}`);
      }
      for (const key of ["CI", "NO_COLOR", "FORCE_COLOR"]) {
        ok(inv.env?.[key] === undefined, `${adapter.name} sets ${key}`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A `ruff` that does what `fix = true` makes the real one do: it removes unused imports unless told not to. */
const FAKE_RUFF = `#!/usr/bin/env python3
import os, sys
args = sys.argv[1:]
if args[:1] == ["check"] and "--no-fix" not in args:
    for root, dirs, files in os.walk("."):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if f.endswith(".py"):
                p = os.path.join(root, f)
                text = open(p).read()
                open(p, "w").write("".join(l for l in text.splitlines(True) if l != "import os\\n"))
if args[:1] == ["check"]:
    print('[{"filename": "calc.py", "message": "os imported but unused", "code": "F401", "location": {"row": 1, "column": 8}}]')
    sys.exit(1)
`;

/** Writes the fake `ruff` as `<dir>/ruff`. */
async function fakeRuff(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/ruff`, FAKE_RUFF);
  await Deno.chmod(`${dir}/ruff`, 0o755);
}

/**
 * Runs the lint of `dir` in a Flux process whose PATH starts with `bin` (a separate process: the suite
 * runs test files in parallel in one process, where changing PATH would reach other tests).
 */
async function lintWithPath(
  dir: string,
  bin: string,
): Promise<{ command: string[]; summary: string }> {
  const script = `${bin}/lint.ts`;
  await Deno.writeTextFile(
    script,
    `import { runTool } from "${
      new URL("../../core/toolchain/run_tool.ts", import.meta.url).href
    }";\n` +
      `const run = await runTool("lint", ${JSON.stringify(dir)});\n` +
      "console.log(JSON.stringify({ command: run.command, summary: run.summary }));\n",
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", `${REPO}/deno.json`, script],
    env: { PATH: `${bin}:${Deno.env.get("PATH") ?? ""}` },
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const PYTHON_FILES = {
  "pyproject.toml": "[tool.ruff]\nfix = true\n",
  "calc.py": "import os\n\n\ndef add(a, b):\n    return a + b\n",
  "tests/test_calc.py": "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
  "conftest.py": "",
};

Deno.test("ruff with `fix = true`: the lint run passes --no-fix, and a ruff on PATH that would fix changes nothing", async () => {
  const dir = await project(PYTHON_FILES);
  const bin = await Deno.makeTempDir({ prefix: "flux_fake_ruff_" });
  try {
    await fakeRuff(bin);
    const run = await lintWithPath(dir, bin);
    ok(run.command.includes("--no-fix"), run.command.join(" "));
    equal(run.command[0], "ruff", "the ruff found on PATH");
    equal(run.summary, "1 lint issue");
    equal(await Deno.readTextFile(`${dir}/calc.py`), PYTHON_FILES["calc.py"]);
    // The exported CI's lint step says the same.
    ok(GITHUB_COMMANDS.python?.lint?.includes("--no-fix"));
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(bin, { recursive: true });
  }
});

/** Every file outside .flux/, .git/ and the tools' caches: path -> content and mtime. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const skip = new Set([".flux", ".git", "target", "node_modules"]);
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(rel === "" ? dir : `${dir}/${rel}`)) {
      const path = rel === "" ? e.name : `${rel}/${e.name}`;
      if (rel === "" && skip.has(e.name)) continue;
      const info = await Deno.lstat(`${dir}/${path}`);
      if (e.isDirectory) await walk(path);
      else {
        const content = e.isFile ? await Deno.readTextFile(`${dir}/${path}`) : "";
        out.set(path, `${info.mtime?.getTime()}:${content}`);
      }
    }
  };
  await walk("");
  return out;
}

async function git(dir: string, ...args: string[]): Promise<void> {
  await new Deno.Command("git", {
    args: ["-c", "user.name=Flux Test", "-c", "user.email=test@flux.invalid", ...args],
    cwd: dir,
    stdout: "null",
    stderr: "null",
  }).output();
}

const NODE_FILES = {
  "package.json": JSON.stringify({
    name: "readme-writer",
    private: true,
    // A doc generator in the build script: it rewrites README.md every time it runs.
    scripts: { build: "node gen-readme.js", test: "jest" },
  }),
  "package-lock.json": '{ "name": "readme-writer", "lockfileVersion": 3, "packages": {} }\n',
  "gen-readme.js":
    "require('fs').writeFileSync('README.md', '# Generated ' + new Date().toISOString() + '\\n');\n",
  "README.md": "# Hand-written\n",
  "tsconfig.json": JSON.stringify({
    compilerOptions: { composite: true, strict: true, outDir: "dist" },
    include: ["src"],
  }),
  "src/index.ts": 'export const count: number = "one";\n',
  "index.test.js": "test('ok', () => expect(1).toBe(1));\n",
};

const FIXTURES: { name: string; files: Record<string, string>; skip: string | null }[] = [
  {
    name: "deno",
    files: {
      "deno.json": "{}\n",
      "main.ts": 'const unused = 1;\nexport const n: number = "x";\n',
      "ugly.ts": "export const  a=1\n",
      "main_test.ts": 'Deno.test("ok", () => {});\n',
    },
    skip: null,
  },
  { name: "node", files: NODE_FILES, skip: nodeSkip },
  { name: "python", files: PYTHON_FILES, skip: null },
  {
    name: "go",
    files: {
      "go.mod": "module example.com/app\n\ngo 1.19\n",
      "main.go": 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n',
      "calc.go": "package main\n\nfunc add(a, b int) int { return a + b }\n",
      "calc_test.go":
        'package main\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) { if add(1, 2) != 3 { t.Fatal("bad") } }\n',
      "ugly.go": "package main\nfunc   ugly( ) {}\n",
    },
    skip: hasGo ? null : "go is not installed",
  },
  {
    name: "rust",
    files: {
      "Cargo.toml": '[package]\nname = "ro"\nversion = "0.1.0"\nedition = "2021"\n',
      "src/main.rs": 'fn main() { println!("hi"); }\n#[test]\nfn ok() {}\n',
    },
    skip: hasCargo ? null : "cargo is not installed",
  },
];

const MONITORS = ["tests", "lint", "build", "git", "file_changes"];

for (const fixture of FIXTURES) {
  Deno.test({
    name: `every monitor on a ${fixture.name} project leaves the working tree as it was`,
    ignore: fixture.skip !== null,
    async fn() {
      {
        const links = fixture.name === "node" && "nodeModules" in node
          ? { node_modules: node.nodeModules }
          : {};
        const dir = await project(fixture.files, links);
        // The python project's ruff is in its venv (where Flux looks first) and would fix files.
        if (fixture.name === "python") await fakeRuff(`${dir}/.venv/bin`);
        const host = new PluginHost(dir, { onWarning: () => {} });
        try {
          // A Rust project keeps its Cargo.lock (cargo writes one where it is missing, as in the terminal).
          if (fixture.name === "rust") {
            await new Deno.Command("cargo", {
              args: ["generate-lockfile"],
              cwd: dir,
              stderr: "null",
            })
              .output();
          }
          await git(dir, "init", "-q");
          await git(dir, "add", "-A");
          await git(dir, "commit", "-qm", "init");
          // Old mtimes, so that a rewrite with the same content still shows.
          const past = new Date(Date.now() - 3_600_000);
          for (const path of (await snapshot(dir)).keys()) {
            await Deno.utime(`${dir}/${path}`, past, past);
          }
          const before = await snapshot(dir);
          const results: Record<string, string> = {};
          for (const name of MONITORS) {
            const r = await host.runMonitor(name);
            results[name] = `${r.status}: ${r.summary}`;
          }
          deepEqual(await snapshot(dir), before, JSON.stringify(results, null, 2));
          if (fixture.name === "python") equal(results.lint, "fail: 1 new lint issue (1 in all)");
          if (fixture.name === "node" || fixture.name === "deno") {
            ok(/^fail: .*1 error/.test(results.build ?? ""), results.build);
          }
        } finally {
          await host.close();
          await Deno.remove(dir, { recursive: true });
        }
      }
    },
  });
}

Deno.test({
  name: "a type error reaches flux watch in a project whose build script rewrites README.md",
  ignore: nodeSkip !== null,
  async fn() {
    const links = "nodeModules" in node ? { node_modules: node.nodeModules } : {};
    const dir = await project(NODE_FILES, links);
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        "--config",
        `${REPO}/deno.json`,
        `${REPO}/main.ts`,
        "watch",
        "--json",
        "--only",
        "build",
        "--project",
        dir,
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const events: Record<string, unknown>[] = [];
    const read = (async () => {
      let buf = "";
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        buf += chunk;
        for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
        }
      }
    })();
    const stderr = new Response(child.stderr).text();
    try {
      const end = Date.now() + 120_000;
      const failing = () =>
        events.find((e) => e.monitor === "build" && e.kind === "state_change" && e.to === "fail");
      while (!failing() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      const event = failing();
      ok(event, JSON.stringify(events));
      const items = event.items as { file?: string; line?: number; message: string }[];
      deepEqual(items.map((i) => [i.file, i.line]), [["src/index.ts", 1]]);
      ok(items[0]!.message.includes("not assignable"), items[0]!.message);
      equal(await Deno.readTextFile(`${dir}/README.md`), "# Hand-written\n");
    } finally {
      child.kill("SIGINT");
      await child.status;
      await read;
      await stderr;
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the go check builds a library-only module to nowhere and finds a type error with its column; go vet is the lint",
  ignore: !hasGo,
  async fn() {
    const dir = await project({
      "go.mod": "module example.com/lib\n\ngo 1.19\n",
      "lib.go": "package lib\n\nfunc Add(a, b int) int { return a + b }\n",
      "lib_test.go":
        'package lib\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) { if Add(1, 2) != 3 { t.Fatal("bad") } }\n',
    });
    try {
      const ok1 = await runTool("typecheck", dir);
      equal(ok1.status, "ok", ok1.summary);
      ok(!ok1.command.includes("vet"), ok1.command.join(" "));
      const lint = await runTool("lint", dir);
      equal(lint.tool, "go_vet");
      equal(lint.status, "ok", lint.summary);
      await Deno.writeTextFile(
        `${dir}/lib.go`,
        'package lib\n\nfunc Add(a, b int) int { return "x" }\n',
      );
      const bad = await runTool("typecheck", dir);
      equal(bad.status, "fail");
      deepEqual([bad.findings[0]?.file, bad.findings[0]?.line, bad.findings[0]?.column], [
        "lib.go",
        3,
        33,
      ]);
      deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
        ".flux",
        "go.mod",
        "lib.go",
        "lib_test.go",
      ]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/**
 * After a background run with coverage on: nothing new in the project and nothing left in `.flux/tmp`;
 * then an early stage (a selection of `selected`) passes, since a coverage threshold is about the whole
 * suite, and writes nothing either.
 */
async function coverageKeptOut(dir: string, before: Map<string, string>, selected: string) {
  deepEqual(await snapshot(dir), before, "no coverage/ (or anything else) in the project");
  const left = (await Array.fromAsync(Deno.readDir(`${dir}/.flux/tmp`)))
    .map((e) => e.name).filter((name) => name !== ".gitignore");
  deepEqual(left, [], "the run's coverage was removed with its report");
  const stage = await runTool("test", dir, { background: true, select: { files: [selected] } });
  equal(stage.status, "ok");
  equal(stage.summary, "1 test passed");
  deepEqual(await snapshot(dir), before);
}

Deno.test("deno test with --coverage and a threshold: a background run writes no coverage/ and says why deno failed", async () => {
  const dir = await project({
    "deno.json": JSON.stringify({
      tasks: { test: "deno test -A --coverage --coverage-threshold 90 src/" },
    }),
    // One branch of two is run: the tests pass, branch coverage is 50%.
    "src/sign.ts": "export const sign = (x: number) => x > 0 ? 1 : -1;\n",
    "src/sign_test.ts":
      'import { sign } from "./sign.ts";\nDeno.test("positive", () => {\n  if (sign(2) !== 1) throw new Error("sign");\n});\n',
  });
  try {
    const before = await snapshot(dir);
    // The project's own command in a plain shell: the test passes and deno fails on the threshold.
    const shell = await new Deno.Command("deno", { args: ["task", "test"], cwd: dir }).output();
    equal(shell.code, 1);
    ok(new TextDecoder().decode(shell.stderr).includes("Coverage threshold not met"));
    await Deno.remove(`${dir}/coverage`, { recursive: true });

    const run = await runTool("test", dir, { background: true });
    equal(run.status, "fail");
    equal(
      run.summary,
      "1 test passed, but deno test failed: Coverage threshold not met: " +
        "Branch coverage 50.00% is below the threshold of 90.00%",
    );
    await coverageKeptOut(dir, before, "src/sign_test.ts");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "jest --coverage with a threshold: a background run writes no coverage/, fails as in the shell; a selection runs without coverage",
  ignore: nodeSkip !== null,
  async fn() {
    const dir = await project({
      "package.json": JSON.stringify({
        name: "covered",
        private: true,
        scripts: { test: "jest --coverage" },
        // One branch of two is run: the test passes, branch coverage is 50%.
        jest: { coverageThreshold: { global: { branches: 90 } } },
      }),
      "sign.js": "exports.sign = (x) => x > 0 ? 1 : -1;\n",
      "sign.test.js":
        'const { sign } = require("./sign");\ntest("positive", () => expect(sign(2)).toBe(1));\n',
    }, "nodeModules" in node ? { node_modules: node.nodeModules } : {});
    try {
      const before = await snapshot(dir);
      const shell = await new Deno.Command("npm", {
        args: ["test"],
        cwd: dir,
        stdout: "null",
        stderr: "piped",
      })
        .output();
      equal(shell.code, 1, "the threshold fails the project's own command");
      ok(new TextDecoder().decode(shell.stderr).includes("coverage threshold for branches"));
      await Deno.remove(`${dir}/coverage`, { recursive: true });

      const run = await runTool("test", dir, { background: true });
      equal(run.status, "fail");
      await coverageKeptOut(dir, before, "sign.test.js");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
