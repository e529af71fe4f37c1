/** Hostile plugins that reach for what they were not granted; the core keeps ticking through each. */
import assert from "node:assert/strict";
import { FIXTURES, makeHost, makeProject, startTicker, trustAll } from "./_helpers.ts";

Deno.test("a sandboxed plugin cannot read files outside its read grant", async () => {
  const temp = await makeProject(["reads-outside"]);
  const { host } = makeHost(temp.project);
  const ticker = startTicker();
  try {
    await Deno.mkdir(`${temp.project}/data`);
    await Deno.writeTextFile(`${temp.project}/data/ok.txt`, "granted");
    await Deno.writeTextFile(`${temp.project}/secret.txt`, "PROJECT-SECRET");
    await Deno.writeTextFile(`${temp.outside}/secret.txt`, "OUTSIDE-SECRET");
    await trustAll(host);
    const result = await host.runMonitor("reads-outside", {
      options: {
        paths: [
          `${temp.project}/data/ok.txt`,
          `${temp.project}/secret.txt`,
          `${temp.outside}/secret.txt`,
          "/etc/hostname",
        ],
      },
    });
    const lines = result.summary.split("\n");
    assert.equal(lines[0], `read ${temp.project}/data/ok.txt: granted`);
    assert.equal(lines[1], `denied ${temp.project}/secret.txt: NotCapable`);
    assert.equal(lines[2], `denied ${temp.outside}/secret.txt: NotCapable`);
    assert.equal(lines[3], "denied /etc/hostname: NotCapable");
    assert.ok(!result.summary.includes("SECRET"));
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("a link inside a granted folder that points outside it is refused and named", async () => {
  const temp = await makeProject(["reads-outside"]);
  const { host, warnings } = makeHost(temp.project);
  const ticker = startTicker();
  try {
    await Deno.mkdir(`${temp.project}/data`);
    await Deno.writeTextFile(`${temp.outside}/secret.txt`, "OUTSIDE-SECRET");
    await Deno.symlink(`${temp.outside}/secret.txt`, `${temp.project}/data/escape.txt`);
    await Deno.symlink(temp.outside, `${temp.project}/data/escape-dir`);
    await trustAll(host);
    const result = await host.runMonitor("reads-outside", {
      options: {
        paths: [`${temp.project}/data/escape.txt`, `${temp.project}/data/escape-dir/secret.txt`],
      },
    });
    assert.equal(
      result.summary,
      [
        `denied ${temp.project}/data/escape.txt: NotCapable`,
        `denied ${temp.project}/data/escape-dir/secret.txt: NotCapable`,
      ].join("\n"),
    );
    const refused = warnings.filter((w) => w.includes("access through it is refused"));
    assert.equal(refused.length, 2);
    assert.deepEqual((await host.preflight("reads-outside")).sort(), [...refused].sort());
    assert.ok(
      refused.some((w) => w.includes('link "data/escape.txt" points outside its read grant')),
    );
    assert.ok(refused.some((w) => w.includes('link "data/escape-dir"')));
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("a sandboxed plugin cannot statically import a file outside the project", async () => {
  const temp = await makeProject(["static-import"]);
  const { host } = makeHost(temp.project);
  const ticker = startTicker();
  try {
    await Deno.writeTextFile(
      `${temp.outside}/secret.ts`,
      'export const secret = "OUTSIDE-SECRET";\n',
    );
    // Its code would not all be in its folder (what the trust hash covers): trust and start refuse it.
    const line =
      `it imports "${temp.outside}/secret.ts", outside its folder: copy it into the plugin folder (plugins import only their own files and Flux's plugin types)`;
    await assert.rejects(host.trust("static-import"), {
      message: `Cannot trust plugin "static-import": ${line}`,
    });
    await assert.rejects(host.runMonitor("static-import"), /is not trusted yet/);
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("a sandboxed plugin cannot start a program it was not granted", async () => {
  const temp = await makeProject(["spawns"]);
  const { host } = makeHost(temp.project);
  const ticker = startTicker();
  try {
    await trustAll(host);
    const result = await host.runMonitor("spawns");
    assert.deepEqual(result, { status: "fail", summary: "denied: NotCapable" });
    await assert.rejects(Deno.stat(`${temp.project}/pwned.txt`), Deno.errors.NotFound);
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("a sandboxed plugin cannot fetch a host it was not granted", async () => {
  const temp = await makeProject(["fetches"]);
  const { host } = makeHost(temp.project);
  let requests = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    requests++;
    return new Response("SERVER-SECRET");
  });
  const ticker = startTicker();
  try {
    await trustAll(host);
    const url = `http://127.0.0.1:${server.addr.port}/`;
    const result = await host.runMonitor("fetches", { options: { url } });
    assert.deepEqual(result, { status: "fail", summary: "denied: NotCapable" });
    assert.equal(requests, 0);
  } finally {
    await host.close();
    await server.shutdown();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("emit() outside watch(ctx) is denied and the denial reaches the plugin", async () => {
  const temp = await makeProject(["emits-in-check"]);
  const { host } = makeHost(temp.project);
  const ticker = startTicker();
  try {
    await trustAll(host);
    const result = await host.runMonitor("emits-in-check");
    assert.equal(
      result.summary,
      'denied: Plugin "emits-in-check" may only emit events from watch(ctx)',
    );
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("a built-in plugin's worker is held to its manifest's read grant too", async () => {
  const temp = await makeProject();
  const { host } = makeHost(temp.project, { builtinDirs: [FIXTURES] });
  const ticker = startTicker();
  try {
    await Deno.mkdir(`${temp.project}/data`);
    await Deno.writeTextFile(`${temp.project}/data/ok.txt`, "granted");
    await Deno.writeTextFile(`${temp.outside}/secret.txt`, "OUTSIDE-SECRET");
    const result = await host.runMonitor("reads-outside", {
      options: { paths: [`${temp.project}/data/ok.txt`, `${temp.outside}/secret.txt`] },
    });
    assert.equal(
      result.summary,
      `read ${temp.project}/data/ok.txt: granted\ndenied ${temp.outside}/secret.txt: NotCapable`,
    );
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("a sandboxed plugin granted write to the whole project cannot change .flux (trust, config, workflows)", async () => {
  const temp = await makeProject(["tamper"]);
  const { host, warnings } = makeHost(temp.project);
  const ticker = startTicker();
  try {
    await trustAll(host);
    const db = `${temp.project}/.flux/sessions.db`;
    const before = await Deno.readFile(db);
    const result = await host.runMonitor("tamper");
    assert.equal(
      result.summary,
      [
        "write sessions.db: NotCapable",
        "create .flux/new.txt: NotCapable",
        "rename .flux: NotCapable",
        "remove .flux: NotCapable",
        "write out.txt: done",
      ].join("\n"),
    );
    assert.deepEqual(await Deno.readFile(db), before, "the trust store is untouched");
    assert.equal(await Deno.readTextFile(`${temp.project}/out.txt`), "ok");
    assert.deepEqual(warnings, []);
  } finally {
    await host.close();
    await temp.cleanup();
  }
  assert.ok((await ticker.stop()).ticks > 0);
});

Deno.test("a sandboxed plugin's write grant inside .flux is refused with one line naming it", async () => {
  const temp = await makeProject(["echo-monitor"]);
  const { host, warnings } = makeHost(temp.project);
  try {
    const manifest = `${temp.project}/.flux/plugins/echo-monitor/plugin.json`;
    const json = JSON.parse(await Deno.readTextFile(manifest));
    json.permissions.write = [".flux/tmp"];
    await Deno.writeTextFile(manifest, JSON.stringify(json));
    await trustAll(host);
    assert.equal((await host.runMonitor("echo-monitor")).status, "ok");
    assert.deepEqual(warnings, [
      `Plugin "echo-monitor": write access to ".flux/tmp" is refused: .flux holds Flux's trust grants, config and workflows`,
    ]);
  } finally {
    await host.close();
    await temp.cleanup();
  }
});
