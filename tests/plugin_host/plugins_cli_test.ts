/** `flux plugins ...` end to end: a real `flux` process on a temp project. */
import assert from "node:assert/strict";
import { makeProject } from "./_helpers.ts";

const MAIN = `${import.meta.dirname}/../../main.ts`;

async function flux(project: string, ...args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", MAIN, "--project", project, ...args],
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

Deno.test("flux plugins trust refuses without a terminal and --yes, then grants with --yes", async () => {
  const temp = await makeProject(["echo-monitor", "echo-step", "spawns"]);
  try {
    const refused = await flux(temp.project, "plugins", "trust", "echo-monitor");
    assert.equal(refused.code, 2);
    assert.equal(
      refused.stderr,
      'flux: Refusing to trust plugin "echo-monitor" without a terminal: run "flux plugins trust echo-monitor --yes" to grant it\n',
    );
    const untrusted = await flux(temp.project, "plugins", "run", "echo-monitor");
    assert.equal(untrusted.code, 2);
    assert.match(
      untrusted.stderr,
      /^flux: Plugin "echo-monitor" is not trusted yet: run "flux plugins trust echo-monitor"/,
    );

    const granted = await flux(temp.project, "plugins", "trust", "echo-monitor", "--yes", "--json");
    assert.equal(granted.code, 0, granted.stderr);
    assert.equal(JSON.parse(granted.stdout).trust, "granted");

    const list = JSON.parse((await flux(temp.project, "plugins", "list", "--json")).stdout);
    assert.deepEqual(
      list.filter((p: { tier: string }) => p.tier === "sandbox")
        .map((p: { name: string; trust: string; tier: string }) => [p.name, p.tier, p.trust]),
      [["echo-monitor", "sandbox", "granted"], ["echo-step", "sandbox", "untrusted"], [
        "spawns",
        "sandbox",
        "untrusted",
      ]],
    );
    const show = JSON.parse(
      (await flux(temp.project, "plugins", "show", "spawns", "--json")).stdout,
    );
    assert.ok(
      show.may.some((l: string) =>
        /^can run only "true", (started by Flux in the OS sandbox: |but no OS sandbox)/.test(l)
      ),
      show.may.join("\n"),
    );

    const revoked = await flux(temp.project, "plugins", "revoke", "echo-monitor");
    assert.equal(revoked.stdout, 'Revoked trust in plugin "echo-monitor"\n');
  } finally {
    await temp.cleanup();
  }
});

Deno.test("flux plugins run exits 0 for ok, 1 for fail and 2 for a plugin or usage error", async () => {
  const temp = await makeProject(["echo-monitor", "echo-step", "bad-manifest"]);
  try {
    await Deno.writeTextFile(`${temp.project}/hello.txt`, "world\n");
    for (const name of ["echo-monitor", "echo-step"]) {
      assert.equal((await flux(temp.project, "plugins", "trust", name, "--yes")).code, 0);
    }
    const ok = await flux(temp.project, "plugins", "run", "echo-monitor");
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, "ok  hello.txt says world\n");
    assert.match(ok.stderr, /… reading hello.txt/);

    const fail = await flux(
      temp.project,
      "plugins",
      "run",
      "echo-monitor",
      "--params",
      '{"status":"fail"}',
      "--json",
    );
    assert.equal(fail.code, 1);
    assert.deepEqual(JSON.parse(fail.stdout), {
      status: "fail",
      summary: "hello.txt says world",
      items: [{ message: "asked to fail", file: "hello.txt", line: 1 }],
    });

    const step = await flux(
      temp.project,
      "plugins",
      "run",
      "echo-step",
      "--params",
      '{"fail":true}',
    );
    assert.equal(step.code, 1);
    assert.equal(step.stdout, 'failed\necho {"fail":true}\n');

    const bad = await flux(temp.project, "plugins", "run", "bad-manifest");
    assert.equal(bad.code, 2);
    assert.equal(
      bad.stderr,
      'flux: Cannot load plugin "bad-manifest": .flux/plugins/bad-manifest/plugin.json has no "entry"\n',
    );
    const params = await flux(temp.project, "plugins", "run", "echo-step", "--params", "[1]");
    assert.equal(params.code, 2);
    assert.match(params.stderr, /^flux: Bad --params: use a JSON object/);
    const missing = await flux(temp.project, "plugins", "run", "nope");
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'flux: No plugin named "nope": see flux plugins list\n');
  } finally {
    await temp.cleanup();
  }
});

Deno.test("flux plugins with an unknown subcommand says so in one line and exits 2", async () => {
  const temp = await makeProject();
  try {
    const typo = await flux(temp.project, "plugins", "lst");
    assert.equal(typo.code, 2);
    assert.equal(
      typo.stderr,
      'flux: unknown command "plugins lst": use list, show, trust, revoke or run (see flux plugins --help)\n',
    );
    const bare = await flux(temp.project, "plugins", "--json");
    assert.equal(bare.code, 0, bare.stderr);
    assert.ok(Array.isArray(JSON.parse(bare.stdout)), "plain `flux plugins` still lists");
  } finally {
    await temp.cleanup();
  }
});

Deno.test("without worker-options, built-ins run in sandboxes after one warning (flux doctor says OFF)", async () => {
  const temp = await makeProject();
  try {
    // The project's deno.json minus "unstable": same imports, no worker-options.
    const config = JSON.parse(await Deno.readTextFile(`${import.meta.dirname}/../../deno.json`));
    delete config.unstable;
    delete config.tasks;
    const configFile = `${temp.root}/deno.json`;
    await Deno.writeTextFile(configFile, JSON.stringify(config));
    const run = async (...args: string[]) => {
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--quiet", "--no-lock", "--config", configFile, MAIN, ...args],
        stdin: "null",
        env: { NO_COLOR: "1" },
      }).output();
      const decode = (b: Uint8Array) => new TextDecoder().decode(b);
      return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
    };
    const notify = await run(
      "--project",
      temp.project,
      "plugins",
      "run",
      "notify",
      "--params",
      '{"message":"hi"}',
      "--json",
    );
    assert.equal(notify.code, 0, notify.stderr);
    assert.equal(JSON.parse(notify.stdout).success, true);
    assert.equal(
      notify.stderr,
      'flux: Built-in plugins run in sandbox subprocesses because the "worker-options" unstable feature is off: start Flux with "deno task flux" or --unstable-worker-options\n',
    );
    const doctor = await run("--project", temp.project, "doctor", "--json");
    assert.equal(JSON.parse(doctor.stdout).unstable.workerOptions, false);
  } finally {
    await temp.cleanup();
  }
});

Deno.test("flux plugins prints a plugin's escape sequences as text, never to the terminal", async () => {
  const temp = await makeProject();
  try {
    const dir = `${temp.project}/.flux/plugins/esc`;
    await Deno.mkdir(dir);
    await Deno.writeTextFile(
      `${dir}/plugin.json`,
      JSON.stringify({
        name: "esc",
        kind: "monitor",
        entry: "mod.ts",
        description: "looks fine\u001b[2K\u001b[1A",
        permissions: { run: ["df\u001b]0;title\u0007"] },
      }),
    );
    await Deno.writeTextFile(
      `${dir}/mod.ts`,
      `export default {
        check(ctx: { log(t: string): void; progress(t: string): void; options: { fail?: boolean } }) {
          ctx.log("\\x1b]52;c;ZXZpbA==\\x07log");
          ctx.progress("\\x1b[2Jprogress");
          if (ctx.options.fail) throw new Error("\\x1b[31mboom\\r");
          return { status: "ok", summary: "\\x1b[31mred\\rover", items: [{ message: "\\u202eitem" }] };
        },
      };`,
    );
    const shown = await flux(temp.project, "plugins", "show", "esc");
    const trusted = await flux(temp.project, "plugins", "trust", "esc", "--yes");
    const ran = await flux(temp.project, "plugins", "run", "esc");
    const failed = await flux(temp.project, "plugins", "run", "esc", "--params", '{"fail":true}');
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(failed.code, 2);
    for (const out of [shown, trusted, ran, failed]) {
      const text = out.stdout + out.stderr;
      // deno-lint-ignore no-control-regex
      assert.ok(!/[\x07\x1b\r\u202e]/.test(text), JSON.stringify(text));
    }
    assert.match(shown.stdout, /looks fine\\x1b\[2K\\x1b\[1A/);
    assert.match(ran.stdout, /^ok {2}\\x1b\[31mred\\x0dover\n {2}\\u202eitem\n$/);
    assert.match(ran.stderr, /\\x1b\]52;c;ZXZpbA==\\x07log/);
    assert.ok(failed.stderr.endsWith('\nflux: Plugin "esc" failed: \\x1b[31mboom\\x0d\n'));
  } finally {
    await temp.cleanup();
  }
});
