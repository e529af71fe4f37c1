/** Trust: untrusted plugins never start, an edit asks again, a malformed manifest is one clear line. */
import assert from "node:assert/strict";
import { FIXTURES, makeHost, makeProject, startTicker } from "./_helpers.ts";

async function markerExists(project: string): Promise<boolean> {
  return await Deno.stat(`${project}/out/loaded.txt`).then(() => true, () => false);
}

Deno.test("an untrusted plugin is not started", async () => {
  const temp = await makeProject(["writes-marker"]);
  const { host } = makeHost(temp.project);
  const ticker = startTicker();
  try {
    await Deno.mkdir(`${temp.project}/out`);
    const [plugin] = await host.discover();
    assert.equal(plugin?.trust, "untrusted");
    assert.equal(plugin?.trusted, false);
    await assert.rejects(host.runMonitor("writes-marker"), {
      message:
        'Plugin "writes-marker" is not trusted yet: run "flux plugins trust writes-marker" to review what it may do',
    });
    assert.equal(host.pidOf("writes-marker"), undefined);
    assert.equal(await markerExists(temp.project), false, "its code never ran");

    await host.trust("writes-marker");
    assert.equal((await host.runMonitor("writes-marker")).summary, "marked");
    assert.equal(await markerExists(temp.project), true);
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("a plugin edited after trust asks again", async () => {
  const temp = await makeProject(["writes-marker"]);
  const { host } = makeHost(temp.project);
  const ticker = startTicker();
  try {
    await Deno.mkdir(`${temp.project}/out`);
    await host.trust("writes-marker");
    const entry = `${temp.project}/.flux/plugins/writes-marker/mod.ts`;
    await Deno.writeTextFile(entry, "\n// edited\n", { append: true });
    const [plugin] = await host.discover();
    assert.equal(plugin?.trust, "changed");
    await assert.rejects(host.runMonitor("writes-marker"), {
      message:
        'Plugin "writes-marker" changed since it was trusted: run "flux plugins trust writes-marker" to review it again',
    });
    assert.equal(await markerExists(temp.project), false, "the edited code never ran");

    const manifest = `${temp.project}/.flux/plugins/writes-marker/plugin.json`;
    await host.trust("writes-marker");
    const json = JSON.parse(await Deno.readTextFile(manifest));
    json.permissions.net = ["example.com"];
    await Deno.writeTextFile(manifest, JSON.stringify(json));
    assert.equal((await host.discover())[0]?.trust, "changed", "a permission change asks again");
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("a plugin edited between discover() and its start is refused", async () => {
  const temp = await makeProject(["writes-marker"]);
  const { host } = makeHost(temp.project);
  try {
    await Deno.mkdir(`${temp.project}/out`);
    await host.trust("writes-marker");
    const entry = `${temp.project}/.flux/plugins/writes-marker/mod.ts`;
    await Deno.writeTextFile(entry, "\n// edited\n", { append: true });
    await assert.rejects(host.runMonitor("writes-marker"), /changed since it was trusted/);
    assert.equal(await markerExists(temp.project), false);
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

Deno.test("a malformed plugin.json is reported in one line naming the file and the field", async () => {
  const temp = await makeProject(["bad-manifest"]);
  const { host } = makeHost(temp.project);
  const ticker = startTicker();
  try {
    const [plugin] = await host.discover();
    const line =
      'Cannot load plugin "bad-manifest": .flux/plugins/bad-manifest/plugin.json has no "entry"';
    assert.equal(plugin?.problem, line);
    await assert.rejects(host.runMonitor("bad-manifest"), { message: line });
    await assert.rejects(host.trust("bad-manifest"), { message: line });
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("discover() keeps a built-in over a project plugin of its name until that one is trusted", async () => {
  const temp = await makeProject(["echo-monitor"]);
  const { host, warnings } = makeHost(temp.project, { builtinDirs: [FIXTURES] });
  try {
    const plugins = await host.discover();
    const echo = plugins.filter((p) => p.name === "echo-monitor");
    assert.equal(echo.length, 1);
    assert.equal(echo[0]?.tier, "builtin");
    assert.deepEqual(warnings, [
      'Plugin "echo-monitor" in .flux/plugins/echo-monitor/plugin.json is not used: it has the name of a built-in plugin, which stays; rename its folder, or run "flux plugins trust echo-monitor" to use it instead',
    ]);
    assert.deepEqual(host.held().map((p) => [p.name, p.origin]), [["echo-monitor", "project"]]);
    assert.equal(plugins.find((p) => p.name === "echo-step")?.tier, "builtin");

    await host.trust("echo-monitor");
    const after = (await host.discover()).filter((p) => p.name === "echo-monitor");
    assert.deepEqual(after.map((p) => [p.tier, p.origin, p.trust]), [[
      "sandbox",
      "project",
      "granted",
    ]]);
    assert.ok(
      warnings.includes(
        'Plugin "echo-monitor" in .flux/plugins/echo-monitor/plugin.json replaces the built-in one (trusted)',
      ),
      warnings.join("\n"),
    );
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

Deno.test("a granted folder that is a link outside the project refuses to start", async () => {
  const temp = await makeProject(["reads-outside"]);
  const { host } = makeHost(temp.project);
  const ticker = startTicker();
  try {
    await Deno.symlink(temp.outside, `${temp.project}/data`);
    await host.trust("reads-outside");
    await assert.rejects(host.runMonitor("reads-outside"), {
      message:
        `Cannot start plugin "reads-outside": "data" in permissions.read links to "${temp.outside}", outside the project: grant a folder inside it`,
    });
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("runStep() uses a project plugin over a built-in for the same step_type, with a warning", async () => {
  const temp = await makeProject(["echo-step"]);
  const dir = `${temp.project}/.flux/plugins/echo-step`;
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}/plugin.json`));
  await Deno.writeTextFile(`${dir}/plugin.json`, JSON.stringify({ ...manifest, name: "my-echo" }));
  const { host, warnings } = makeHost(temp.project, { builtinDirs: [FIXTURES] });
  try {
    await host.trust("my-echo");
    assert.ok(
      warnings.includes(
        'Plugin "my-echo" provides step_type "echo" instead of the built-in "echo-step"',
      ),
    );
    await host.runStep("echo");
    assert.ok(host.pidOf("my-echo") !== undefined, "the project's plugin ran, in a sandbox");
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

Deno.test("a plugin whose code is a link into the project asks again when the linked code changes", async () => {
  const temp = await makeProject();
  const { host } = makeHost(temp.project);
  try {
    const dir = `${temp.project}/.flux/plugins/linked`;
    await Deno.mkdir(dir);
    await Deno.mkdir(`${temp.project}/src/lib`, { recursive: true });
    await Deno.writeTextFile(
      `${temp.project}/src/lib/say.ts`,
      'export const say = "v1";\n',
    );
    await Deno.writeTextFile(
      `${temp.project}/src/real.ts`,
      'import { say } from "./lib/say.ts";\nexport default { check: () => ({ status: "ok", summary: say }) };\n',
    );
    await Deno.symlink(`${temp.project}/src/real.ts`, `${dir}/mod.ts`);
    await Deno.symlink(`${temp.project}/src/lib`, `${dir}/lib`); // A linked folder is hashed too.
    await Deno.symlink(`${temp.outside}`, `${dir}/elsewhere`); // Out of the project: its text only.
    await Deno.writeTextFile(
      `${dir}/plugin.json`,
      JSON.stringify({
        name: "linked",
        kind: "monitor",
        entry: "mod.ts",
        permissions: { read: ["src"] },
      }),
    );
    await host.trust("linked");
    assert.equal((await host.runMonitor("linked")).summary, "v1");
    await Deno.writeTextFile(`${temp.outside}/unrelated.txt`, "x");
    assert.equal((await host.discover())[0]?.trust, "granted", "outside the project: not hashed");

    await Deno.writeTextFile(`${temp.project}/src/lib/say.ts`, 'export const say = "v2";\n');
    assert.equal((await host.discover())[0]?.trust, "changed", "the linked folder changed");
    await assert.rejects(host.runMonitor("linked"), /changed since it was trusted/);
    await host.trust("linked");
    await Deno.writeTextFile(`${temp.project}/src/real.ts`, "\n// edited\n", { append: true });
    assert.equal((await host.discover())[0]?.trust, "changed", "the linked entry changed");
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

Deno.test("a plugin folder linking to more than 10,000 files is refused in one line", async () => {
  const temp = await makeProject(["echo-monitor"]);
  const { host } = makeHost(temp.project);
  try {
    await Deno.mkdir(`${temp.project}/big`);
    for (let d = 0; d < 11; d++) {
      await Deno.mkdir(`${temp.project}/big/d${d}`);
      await Promise.all(
        Array.from(
          { length: 1_000 },
          (_, f) => Deno.writeFile(`${temp.project}/big/d${d}/${f}`, new Uint8Array()),
        ),
      );
    }
    await Deno.symlink(`${temp.project}/big`, `${temp.project}/.flux/plugins/echo-monitor/big`);
    const [plugin] = await host.discover();
    assert.equal(
      plugin?.problem,
      'Cannot load plugin "echo-monitor": its folder links to more than 10000 files: copy what it needs into the plugin folder',
    );
    await assert.rejects(host.runMonitor("echo-monitor"), { message: plugin?.problem });
  } finally {
    await host.close();
    await temp.cleanup();
  }
});
