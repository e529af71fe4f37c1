import assert from "node:assert/strict";
import {
  cachedResolver,
  describeChange,
  expandGlobs,
  fingerprintOf,
  firstProgram,
  resolveProgram,
  type StepInputs,
} from "./step_fingerprint.ts";

const base: StepInputs = {
  files: { "src/a.ts": "1", "src/b.ts": "2" },
  action: "cmd",
  variables: { "steps.one.output": "h1" },
  env: { MODE: "dev" },
  tools: { deno: "/usr/bin/deno 10 1" },
};

Deno.test("describeChange() names what changed first: a file, a rename, a new or gone file, the command, env, a program", () => {
  const with_ = (patch: Partial<StepInputs>) => ({ ...base, ...patch });
  assert.equal(describeChange(base, base), undefined);
  assert.equal(
    describeChange(base, with_({ files: { "src/a.ts": "9", "src/b.ts": "2" } })),
    "src/a.ts changed",
  );
  assert.equal(
    describeChange(base, with_({ files: { "src/a.ts": "1", "src/c.ts": "2" } })),
    "src/b.ts was renamed to src/c.ts",
  );
  assert.equal(
    describeChange(base, with_({ files: { ...base.files, "src/c.ts": "3", "src/d.ts": "4" } })),
    "src/c.ts is new (and 1 more)",
  );
  assert.equal(describeChange(base, with_({ files: { "src/a.ts": "1" } })), "src/b.ts is gone");
  assert.equal(
    describeChange(base, with_({ action: "other" })),
    "its command or tool and params changed",
  );
  assert.equal(describeChange(base, with_({ env: { MODE: "prod" } })), "the value of MODE changed");
  assert.equal(
    describeChange(base, with_({ variables: { "steps.one.output": "h2" } })),
    "the value of {steps.one.output} changed",
  );
  assert.equal(
    describeChange(base, with_({ tools: { deno: "/usr/bin/deno 11 2" } })),
    "the program deno changed (/usr/bin/deno 11 2)",
  );
  assert.notEqual(fingerprintOf(base), fingerprintOf(with_({ env: { MODE: "prod" } })));
  assert.equal(
    fingerprintOf(base),
    fingerprintOf({ ...base, files: { "src/b.ts": "2", "src/a.ts": "1" } }),
  );
});

Deno.test("expandGlobs() matches dotfiles and folders, skips .git and node_modules, and reads nothing outside", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (
      const f of [
        "src/a.ts",
        "src/.env.ts",
        "src/deep/b.ts",
        "node_modules/x/c.ts",
        ".git/d.ts",
        "README.md",
      ]
    ) {
      if (f.includes("/")) {
        await Deno.mkdir(`${dir}/${f.replace(/\/[^/]*$/, "")}`, { recursive: true });
      }
      await Deno.writeTextFile(`${dir}/${f}`, f);
    }
    assert.deepEqual(await expandGlobs(dir, ["**/*.ts"]), [
      "src/.env.ts",
      "src/a.ts",
      "src/deep/b.ts",
    ]);
    assert.deepEqual(await expandGlobs(dir, ["src", "README.md"]), [
      "README.md",
      "src/.env.ts",
      "src/a.ts",
      "src/deep/b.ts",
    ]);
    assert.deepEqual(await expandGlobs(dir, ["node_modules/**/*.ts"]), ["node_modules/x/c.ts"]);
    assert.deepEqual(await expandGlobs(dir, ["missing/*.ts", "nope.txt"]), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveProgram() identifies the executable PATH finds; firstProgram() takes a command's plain first word", async () => {
  const sh = await resolveProgram("sh");
  assert.match(sh, /^\/\S+ \d+ \d+$/);
  assert.equal(await resolveProgram("no-such-program-flux", "/nowhere"), "missing");
  let calls = 0;
  const resolve = cachedResolver((p) => {
    calls++;
    return Promise.resolve(p);
  });
  await resolve("a");
  await resolve("a");
  assert.equal(calls, 1);
  assert.equal(firstProgram("npm run build"), "npm");
  assert.equal(firstProgram("NODE_ENV=x npm test"), undefined);
  assert.equal(firstProgram("$(which deno) test"), undefined);
});
