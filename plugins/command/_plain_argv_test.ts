import assert from "node:assert/strict";
import { plainArgv } from "./_plain_argv.ts";

Deno.test("plainArgv() splits a plain program call into its words", () => {
  assert.deepEqual(plainArgv("/bin/true"), ["/bin/true"]);
  assert.deepEqual(plainArgv("  deno test -A --quiet src/a_test.ts "), [
    "deno",
    "test",
    "-A",
    "--quiet",
    "src/a_test.ts",
  ]);
  assert.deepEqual(plainArgv("npm run build:prod --if-present"), [
    "npm",
    "run",
    "build:prod",
    "--if-present",
  ]);
});

Deno.test("plainArgv() leaves to the shell what the shell would interpret", () => {
  for (
    const command of [
      'echo "$A"',
      "exit 7",
      "true",
      "cd src",
      "A=1 make",
      "make > log",
      "make && make test",
      "ls *.ts",
      "ls ~/x",
      "sleep 30 & wait",
      "make # comment",
      "printf 'x'",
      "a\\ b",
      "make\nmake test",
      "$(which deno) test",
      "ls {a,b}",
      "./run.sh",
      "bin/run",
      "",
    ]
  ) assert.equal(plainArgv(command), undefined, command);
});
