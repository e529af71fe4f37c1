/**
 * Programs belong to the core: a plugin's worker holds no `run` permission, the core refuses programs
 * its manifest does not list, and what it starts runs in the OS sandbox of the plugin's grants (no
 * writes outside them, no network without a grant, no way around it through a git alias).
 */
import assert from "node:assert/strict";
import { makeHost, makeProject, trustAll } from "./_helpers.ts";
import { osSandboxProblem } from "../../core/process/os_sandbox.ts";

const BUILTINS = `${import.meta.dirname}/../fixtures/builtin_plugins`;
const noSandbox = osSandboxProblem();

Deno.test("a built-in's worker has no run permission, and runProcess inside it is brokered by the core", async () => {
  const temp = await makeProject();
  const { host } = makeHost(temp.project, { builtinDirs: [BUILTINS] });
  try {
    const result = await host.runMonitor("run-probe");
    const data = result.data as Record<string, string>;
    // Deno reports a permission a worker was not given as "prompt"; starting a program shows it is none.
    assert.notEqual(data.permission, "granted");
    assert.equal(data.direct, "NotCapable");
    assert.match(data.git ?? "", /^git version /);
    assert.equal(
      data.curl,
      'Plugin "run-probe" may not run "curl": it is not in the "run" list of its plugin.json',
    );
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

Deno.test("without an OS sandbox a project plugin's programs are refused unless allowed, in one line", async () => {
  const temp = await makeProject(["runs-program"]);
  const off = makeHost(temp.project, { osSandbox: false, allowUnsandboxed: false });
  const allowed = makeHost(temp.project, { osSandbox: false, allowUnsandboxed: true });
  try {
    await trustAll(off.host);
    const refused = await off.host.runMonitor("runs-program", {
      options: { cmd: "git", args: ["--version"] },
    });
    assert.equal(
      refused.summary,
      'Plugin "runs-program" may not run "git": no OS sandbox can start here (the OS sandbox is switched off); set FLUX_ALLOW_UNSANDBOXED=1 to run them without one',
    );
    await allowed.host.discover();
    const ran = await allowed.host.runMonitor("runs-program", {
      options: { cmd: "git", args: ["--version"] },
    });
    assert.equal(ran.status, "ok", ran.summary);
  } finally {
    await off.host.close();
    await allowed.host.close();
    await temp.cleanup();
  }
});

Deno.test({
  name: "a program started for a plugin cannot escape its grants: git alias, writes, 127.0.0.1",
  ignore: noSandbox !== undefined,
  async fn() {
    const temp = await makeProject(["runs-program"]);
    await Deno.mkdir(`${temp.project}/out`);
    await Deno.writeTextFile(`${temp.project}/.flux/workflows.yaml`, "workflows: {}\n");
    const git = (...args: string[]) =>
      new Deno.Command("git", { args, cwd: temp.project }).output();
    await git("init", "-q");
    let requests = 0;
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
      requests++;
      return new Response("hello");
    });
    const { host } = makeHost(temp.project);
    const run = (cmd: string, args: string[]) =>
      host.runMonitor("runs-program", { options: { cmd, args } });
    try {
      await trustAll(host);
      // The git alias escape: granted only git and a write to out/, it tries .flux and outside.
      const workflows = `${temp.project}/.flux/workflows.yaml`;
      const escape = `echo pwned > ${workflows}; echo pwned > ${temp.outside}/pwned.txt`;
      const alias = await run("git", ["-c", `alias.x=!sh -c '${escape}'`, "x"]);
      assert.equal(alias.status, "fail", alias.summary);
      assert.equal(await Deno.readTextFile(workflows), "workflows: {}\n");
      await assert.rejects(Deno.stat(`${temp.outside}/pwned.txt`), Deno.errors.NotFound);

      // Writes: its grant (out/) works, the rest of the project and outside it do not.
      const writes = await run("sh", [
        "-c",
        `echo ok > out/ok.txt && (echo x > ${temp.outside}/x.txt; echo x > src.txt; echo x > .git/hooks/pre-commit; true)`,
      ]);
      assert.equal(writes.status, "ok", JSON.stringify(writes.data));
      assert.equal(await Deno.readTextFile(`${temp.project}/out/ok.txt`), "ok\n");
      for (const path of [`${temp.outside}/x.txt`, `${temp.project}/src.txt`]) {
        await assert.rejects(Deno.stat(path), Deno.errors.NotFound, path);
      }
      await assert.rejects(
        Deno.stat(`${temp.project}/.git/hooks/pre-commit`),
        Deno.errors.NotFound,
      );

      // No net grant: a program cannot reach a server on 127.0.0.1.
      const url = `http://127.0.0.1:${server.addr.port}/`;
      const curl = await run("curl", ["-sS", "--max-time", "5", url]);
      assert.equal(curl.status, "fail", JSON.stringify(curl.data));
      assert.equal(requests, 0);
      // The server is reachable from outside the sandbox: the refusal above is the sandbox's.
      assert.equal(await (await fetch(url)).text(), "hello");
      assert.equal(requests, 1);

      // A program its manifest does not list is refused by the core in one line.
      const refused = await run("python3", ["-c", "print(1)"]);
      assert.equal(refused.status, "unknown");
      assert.equal(
        refused.summary,
        'Plugin "runs-program" may not run "python3": it is not in the "run" list of its plugin.json',
      );
    } finally {
      await host.close();
      await server.shutdown();
      await temp.cleanup();
    }
  },
});
