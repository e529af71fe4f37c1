import assert from "node:assert/strict";
import { DENO_TEST_FLAGS, type DenoFlagValue, denoTestWords } from "./_deno_test_flags.ts";

/** The words of each flag and path, paths marked. */
function read(command: string): string[][] {
  const { args, scriptArgs } = denoTestWords(command.split(" "));
  const read = args.map((arg) => arg.path ? [`path:${arg.words[0]}`] : arg.words);
  return scriptArgs.length > 0 ? [...read, ["--", ...scriptArgs]] : read;
}

Deno.test("denoTestWords() tells a flag's value from a path as deno test does", () => {
  assert.deepEqual(read("-A --conditions dev src/"), [["-A"], ["--conditions", "dev"], [
    "path:src/",
  ]]);
  assert.deepEqual(read("--conditions=dev src/"), [["--conditions=dev"], ["path:src/"]]);
  // A required value is the next word even when it starts with "-".
  assert.deepEqual(read("--filter --x a_test.ts"), [["--filter", "--x"], ["path:a_test.ts"]]);
  assert.deepEqual(read("--coverage --coverage-threshold 80 src/"), [
    ["--coverage"],
    ["--coverage-threshold", "80"],
    ["path:src/"],
  ]);
  assert.deepEqual(read("--shard 1/2 --retry 2 --preload setup.ts -L info a_test.ts"), [
    ["--shard", "1/2"],
    ["--retry", "2"],
    ["--preload", "setup.ts"],
    ["-L", "info"],
    ["path:a_test.ts"],
  ]);
  // `--lock` takes the next word unless it is a flag; deno reads `--lock a_test.ts` as the lock file too.
  assert.deepEqual(read("--lock=x.lock src/"), [["--lock=x.lock"], ["path:src/"]]);
  assert.deepEqual(read("--lock x.lock src/"), [["--lock", "x.lock"], ["path:src/"]]);
  assert.deepEqual(read("--lock -A src/"), [["--lock"], ["-A"], ["path:src/"]]);
  assert.deepEqual(read("-A --lock"), [["-A"], ["--lock"]]);
  // An optional value only ever follows "=": the next word is a path.
  assert.deepEqual(read("--env-file=.env src/"), [["--env-file=.env"], ["path:src/"]]);
  assert.deepEqual(read("--env-file src/a_test.ts"), [["--env-file"], ["path:src/a_test.ts"]]);
  assert.deepEqual(read("-R src/ --coverage cov/"), [["-R"], ["path:src/"], ["--coverage"], [
    "path:cov/",
  ]]);
  // What follows `--` is the tests' own arguments, never paths or flags of deno.
  assert.deepEqual(read("-A src/ -- --port 8080 x"), [["-A"], ["path:src/"], [
    "--",
    "--port",
    "8080",
    "x",
  ]]);
  assert.deepEqual(read("--filter -- a_test.ts"), [["--filter", "--"], ["path:a_test.ts"]]);
});

/** `deno test --help` of the installed deno, without colours. */
async function denoTestHelp(): Promise<string> {
  const out = await new Deno.Command("deno", {
    args: ["test", "--help"],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.equal(out.code, 0);
  return new TextDecoder().decode(out.stdout);
}

Deno.test("DENO_TEST_FLAGS says of each flag what the installed deno test --help says", async () => {
  const said = new Map<string, DenoFlagValue | null>();
  // A flag's own line is indented by at most 6 spaces; deeper lines are descriptions and examples.
  const line = /^ {2,6}(?:(-[a-zA-Z]), )?(--[a-z0-9-]+)(\[=[^\]]*\]| \[<[^>]+>\]| <[^>]+>)?(?: |$)/;
  for (const text of (await denoTestHelp()).split("\n")) {
    const m = text.match(line);
    if (!m) continue;
    const spec = m[3] ?? "";
    const kind: DenoFlagValue | null = spec === ""
      ? null
      : spec.startsWith("[=")
      ? "attached"
      : spec.startsWith(" [")
      ? "next-unless-flag"
      : "next";
    for (const flag of [m[1], m[2]]) if (flag !== undefined) said.set(flag, kind);
  }
  assert.ok(said.size > 80, `read ${said.size} flags from deno test --help`);
  for (const [flag, kind] of said) {
    assert.equal(DENO_TEST_FLAGS.get(flag) ?? null, kind, flag);
  }
  // Not listed by `deno test --help`: a hidden alias and deno's global flag, checked by a run below.
  const unlisted = [...DENO_TEST_FLAGS.keys()].filter((flag) => !said.has(flag));
  assert.deepEqual(unlisted.sort(), ["--frozen", "--log-level", "-L"]);
});

Deno.test("deno test reads the next word as DENO_TEST_FLAGS says (real runs)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_flags_" });
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
    for (const name of ["a", "b"]) {
      await Deno.writeTextFile(
        `${dir}/${name}_test.ts`,
        `Deno.test("${name}", () => Deno.writeTextFileSync("ran_${name}", ""));\n`,
      );
    }
    /** Which test files `deno test -A FLAG b_test.ts a_test.ts` ran, and whether it failed. */
    const ran = async (flag: string) => {
      for (const name of ["a", "b"]) await Deno.remove(`${dir}/ran_${name}`).catch(() => {});
      const out = await new Deno.Command("deno", {
        args: ["test", "-A", ...flag.split(" "), "b_test.ts", "a_test.ts"],
        cwd: dir,
        env: { NO_COLOR: "1" },
        stdout: "null",
        stderr: "null",
      }).output();
      const files = [];
      for (const name of ["a", "b"]) {
        if (await Deno.stat(`${dir}/ran_${name}`).then(() => true, () => false)) files.push(name);
      }
      return `${out.code === 0 ? "ok" : "fail"} ${files.join(",")}`;
    };
    // b_test.ts taken for the value: not run (or refused as a value).
    assert.equal(await ran("--conditions"), "ok a");
    assert.equal(await ran("--coverage --coverage-threshold"), "fail ");
    assert.equal(await ran("--log-level"), "fail ");
    assert.equal(await ran("-L"), "fail ");
    // b_test.ts read as the lock file.
    assert.equal(await ran("--lock"), "fail ");
    // b_test.ts is a path: both run.
    assert.equal(await ran("--env-file"), "ok a,b");
    assert.equal(await ran("--frozen"), "ok a,b");
    assert.equal(await ran("--lock --parallel"), "ok a,b");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
