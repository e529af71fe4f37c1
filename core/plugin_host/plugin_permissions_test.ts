import assert from "node:assert/strict";
import { resolvePermissions, sandboxFlags, workerPermissions } from "./plugin_permissions.ts";
import type { PluginManifest } from "./types.ts";

function manifest(permissions: Partial<PluginManifest["permissions"]>): PluginManifest {
  return {
    name: "p",
    kind: "monitor",
    entry: "mod.ts",
    description: "",
    permissions: { read: [], write: [], run: [], net: [], env: [], ...permissions },
  };
}

Deno.test("resolvePermissions() resolves paths in the project and maps them to flags and worker options without run", async () => {
  const project = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-perms-" }));
  try {
    await Deno.mkdir(`${project}/src`);
    const plan = await resolvePermissions(
      manifest({
        read: ["src", "."],
        write: ["out"],
        run: ["git"],
        net: ["127.0.0.1:9"],
        env: ["HOME"],
      }),
      project,
      ["/plugin"],
      true,
    );
    assert.deepEqual(plan.read, ["/plugin", `${project}/src`, project]);
    assert.deepEqual(plan.write, [`${project}/out`]);
    assert.deepEqual(sandboxFlags(plan), [
      `--allow-read=/plugin,${project}/src,${project}`,
      `--allow-write=${project}/out`,
      "--allow-net=127.0.0.1:9",
      "--allow-env=HOME",
    ]);
    assert.deepEqual(workerPermissions(plan), {
      read: ["/plugin", `${project}/src`, project],
      write: [`${project}/out`],
      run: false,
      net: ["127.0.0.1:9"],
      env: ["HOME"],
      sys: false,
      ffi: false,
      import: false,
    });
    const none = await resolvePermissions(manifest({}), project, [], false);
    assert.deepEqual(sandboxFlags(none), []);
    assert.equal(workerPermissions(none).run, false);
    const any = await resolvePermissions(manifest({ run: ["*"] }), project, [], false);
    // No tier ever holds `run`: the core starts programs for plugins.
    assert.deepEqual(sandboxFlags(any), []);
    assert.equal(workerPermissions(any).run, false);
  } finally {
    await Deno.remove(project, { recursive: true });
  }
});

Deno.test("resolvePermissions() refuses each escaping link once per grant it leaves, walking nested grants once", async () => {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-perms-" }));
  const project = `${root}/project`;
  try {
    await Deno.mkdir(`${project}/data/deep`, { recursive: true });
    await Deno.mkdir(`${project}/out`);
    await Deno.mkdir(`${root}/outside`);
    await Deno.symlink(`${root}/outside`, `${project}/data/deep/escape`);
    await Deno.symlink(`${root}/outside`, `${project}/out/escape`);
    await Deno.symlink(`${project}/data`, `${project}/out/to-data`); // Readable, not writable.
    await Deno.symlink(`${project}/out`, `${project}/data/to-out`); // Inside the grants: fine.
    const plan = await resolvePermissions(
      manifest({ read: [".", "data", "data/deep"], write: ["out", "."] }),
      project,
      [],
      true,
    );
    assert.deepEqual(plan.denyRead.sort(), [
      `${project}/data/deep/escape`,
      `${project}/out/escape`,
    ]);
    assert.deepEqual(plan.denyWrite.sort(), [
      `${project}/data/deep/escape`,
      `${project}/out/escape`,
    ]);
    assert.equal(plan.warnings.length, 4, plan.warnings.join("\n"));
    assert.ok(plan.warnings.includes(
      `Plugin "p": link "data/deep/escape" points outside its read grant (to "${root}/outside"), so access through it is refused`,
    ));
    const narrow = await resolvePermissions(
      manifest({ read: ["."], write: ["out"] }),
      project,
      [],
      true,
    );
    assert.deepEqual(narrow.denyWrite.sort(), [`${project}/out/escape`, `${project}/out/to-data`]);
    assert.deepEqual(narrow.denyRead.sort(), [
      `${project}/data/deep/escape`,
      `${project}/out/escape`,
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
