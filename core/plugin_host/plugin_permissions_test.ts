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

Deno.test("resolvePermissions() resolves paths in the project and maps them to flags and worker options", async () => {
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
      "--allow-run=git",
      "--allow-net=127.0.0.1:9",
      "--allow-env=HOME",
    ]);
    assert.deepEqual(workerPermissions(plan), {
      read: ["/plugin", `${project}/src`, project],
      write: [`${project}/out`],
      run: true,
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
    assert.deepEqual(sandboxFlags(any), ["--allow-run"]);
  } finally {
    await Deno.remove(project, { recursive: true });
  }
});
