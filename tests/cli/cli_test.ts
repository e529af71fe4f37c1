import "../_trust_test_projects.ts";
import assert from "node:assert/strict";
import { runProcess } from "../../core/process/run_process.ts";

const root = new URL("../../", import.meta.url).pathname;

function flux(args: string[], env: Record<string, string> = {}) {
  return runProcess(Deno.execPath(), ["run", "-A", "--quiet", `${root}main.ts`, ...args], {
    cwd: root,
    env: { NO_COLOR: "1", ...env },
    timeoutMs: 30_000,
  });
}

Deno.test("flux --version prints the version from deno.json", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${root}deno.json`));
  const result = await flux(["--version"]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout.trim(), config.version);
});

Deno.test("flux --help lists every subcommand", async () => {
  const result = await flux(["--help"]);
  assert.equal(result.code, 0);
  for (const name of ["session", "wf", "watch", "ask", "plugins", "doctor"]) {
    assert.match(result.stdout, new RegExp(`\\n  ${name}\\b`), `help lists ${name}`);
  }
});

Deno.test("flux SUBCOMMAND --help works for every subcommand", async () => {
  for (const name of ["session", "wf", "watch", "ask", "plugins", "doctor"]) {
    const result = await flux([name, "--help"]);
    assert.equal(result.code, 0, `${name} --help: ${result.stderr}`);
    assert.match(result.stdout, new RegExp(`Usage: flux ${name}`));
  }
});

Deno.test("flux help TOPIC prints the guide a message names; flux --help lists the guides", async () => {
  const help = await flux(["--help"]);
  assert.match(help.stdout, /Guides: flux help TOPIC, where TOPIC is one of agents, ai,/);
  const guide = await flux(["help", "ai"]);
  assert.equal(guide.code, 0, guide.stderr);
  assert.match(guide.stdout, /^# AI: models, questions and failure analysis\n/);
  assert.match(
    guide.stdout,
    /\(\/.*\/docs\/ai\.md\)\n$/,
    "ends with where the installed guide lives",
  );
  const plugins = await flux(["help", "plugins"]);
  assert.match(plugins.stdout, /the options of the command: flux plugins --help\)\n$/);
  const command = await flux(["help", "wf"]);
  assert.equal(command.code, 0, command.stderr);
  assert.match(
    command.stdout,
    /^Usage: flux wf/,
    "a command that is no guide keeps its command help",
  );
});

Deno.test("flux with an unknown command prints one line and exits 2", async () => {
  const result = await flux(["frobnicate"]);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr.trim().split("\n").length, 1);
  assert.match(result.stderr, /unknown command "frobnicate"/);
});

Deno.test("flux with an unknown flag prints one line and exits 2", async () => {
  const result = await flux(["--frobnicate"]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trim().split("\n").length, 1);
  assert.match(result.stderr, /unknown option '--frobnicate'/);
});

Deno.test("flux --project with a missing folder prints one line and exits 2", async () => {
  const result = await flux(["--project", "/nonexistent/flux-test", "doctor"]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trim().split("\n").length, 1);
  assert.match(result.stderr, /does not exist/);
});

Deno.test("flux works on the folder it was started from, not on an INIT_CWD left by an outer task", async () => {
  const project = await Deno.makeTempDir();
  await Deno.writeTextFile(`${project}/deno.json`, "{}\n");
  try {
    const result = await runProcess(
      Deno.execPath(),
      ["run", "-A", "--quiet", `${root}main.ts`, "doctor", "--json"],
      { cwd: project, env: { NO_COLOR: "1", INIT_CWD: root }, timeoutMs: 30_000 },
    );
    assert.equal(JSON.parse(result.stdout).project, await Deno.realPath(project));
  } finally {
    await Deno.remove(project, { recursive: true });
  }
});

Deno.test("deno task flux works on INIT_CWD, the folder the user ran deno task from", async () => {
  const project = await Deno.makeTempDir();
  await Deno.writeTextFile(`${project}/deno.json`, "{}\n");
  try {
    // A person's shell has no INIT_CWD; the test run's own `deno task test` set one, which a nested task keeps.
    const result = await runProcess(
      "env",
      [
        "-u",
        "INIT_CWD",
        Deno.execPath(),
        ...["task", "--quiet", "--config", `${root}deno.json`, "flux", "doctor", "--json"],
      ],
      { cwd: project, env: { NO_COLOR: "1" }, timeoutMs: 30_000 },
    );
    assert.equal(JSON.parse(result.stdout).project, await Deno.realPath(project), result.stderr);
  } finally {
    await Deno.remove(project, { recursive: true });
  }
});
