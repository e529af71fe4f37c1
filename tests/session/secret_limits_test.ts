/**
 * Secrets that would break masking are refused where they are declared, with file:line:col and exit 2:
 * one that is too short (it would mask ordinary letters), a 5 MB one, and 100,000 of them (each write
 * would crawl and `flux watch` stop answering Ctrl-C). Commands that read them say so in one line.
 */
import "../_trust_test_projects.ts";
import assert from "node:assert/strict";

const MAIN = `${import.meta.dirname}/../../main.ts`;
const CONFIG = `${import.meta.dirname}/../../deno.json`;

async function flux(dir: string, ...args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", CONFIG, MAIN, "--project", dir, ...args],
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function project(files: Record<string, string>): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_secret_limits_" }));
  await Deno.mkdir(`${dir}/.flux`);
  await Deno.writeTextFile(
    `${dir}/.flux/workflows.yaml`,
    "hi:\n  steps:\n    - name: hi\n      step_type: command\n      command: echo hi\n",
  );
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

const CASES: { what: string; files: Record<string, string>; expect: RegExp }[] = [
  {
    what: "a one-character secret in config.yaml",
    files: {
      ".flux/config.yaml": "session:\n  retention_days: 3\n  secrets:\n    - hunter22\n    - 'a'\n",
    },
    expect: /config\.yaml:5:7 secret is 1 character\(s\) long: a secret needs at least 4/,
  },
  {
    what: "a two-character secret in .flux/secrets",
    files: { ".flux/secrets": "# comment\nTOKEN=ab\n" },
    expect: /secrets:2:7 secret is 2 character\(s\) long/,
  },
  {
    what: "a 5 MB secret",
    files: { ".flux/secrets": `BIG=${"x".repeat(5 * 1024 * 1024)}\n` },
    expect: /secrets:1:5 secret is 5242880 characters long: at most 16384/,
  },
  {
    what: "100,000 secrets",
    files: {
      ".flux/secrets": Array.from({ length: 100_000 }, (_, i) => `value-${i}-secret`).join("\n"),
    },
    expect: /secrets:1001:1 1001 secrets declared: at most 1000/,
  },
];

for (const { what, files, expect } of CASES) {
  Deno.test(`${what} is refused in one line with file:line:col by session show, wf run and watch`, async () => {
    const dir = await project(files);
    try {
      for (
        const args of [["session", "show"], ["wf", "run", "hi"], [
          "watch",
          "--only",
          "file_changes",
        ]]
      ) {
        const result = await flux(dir, ...args);
        const lines = result.stderr.trim().split("\n");
        assert.equal(result.code, 2, `${args.join(" ")}: ${result.stdout}${result.stderr}`);
        assert.equal(lines.length, 1, `${args.join(" ")}: ${result.stderr}`);
        assert.match(lines[0]!, expect, args.join(" "));
        assert.doesNotMatch(result.stderr, /Uncaught|\n\s+at /);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
