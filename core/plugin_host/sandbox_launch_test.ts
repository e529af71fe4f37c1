import assert from "node:assert/strict";
import { parseSandboxPermissions, SANDBOX_SUBCOMMAND, sandboxLaunch } from "./sandbox_launch.ts";

const permissions: Deno.PermissionOptionsObject = {
  read: ["/p/plugins/disk", "/p"],
  write: false,
  run: false,
  net: ["127.0.0.1:8080"],
  env: false,
  sys: false,
  ffi: false,
  import: false,
};
const common = {
  sandboxMain: "file:///flux/core/plugin_host/sandbox_main.ts",
  flags: ["--allow-read=/p/plugins/disk,/p", "--allow-net=127.0.0.1:8080"],
  permissions,
  heapMb: 256,
};

Deno.test("sandboxLaunch() from source runs deno with only the plugin's flags, no remote code", () => {
  assert.deepEqual(sandboxLaunch({ ...common, standalone: false, execPath: "/usr/bin/deno" }), {
    command: "/usr/bin/deno",
    args: [
      "run",
      "--no-prompt",
      "--no-config",
      "--no-lock",
      "--no-remote",
      "--no-npm",
      "--quiet",
      "--v8-flags=--max-old-space-size=256",
      "--allow-read=/p/plugins/disk,/p",
      "--allow-net=127.0.0.1:8080",
      "file:///flux/core/plugin_host/sandbox_main.ts",
    ],
    env: {},
  });
});

Deno.test("sandboxLaunch() in a compiled Flux re-launches the binary itself through the hidden subcommand", () => {
  const launch = sandboxLaunch({ ...common, standalone: true, execPath: "/usr/local/bin/flux" });
  assert.equal(launch.command, "/usr/local/bin/flux");
  assert.equal(launch.args[0], SANDBOX_SUBCOMMAND);
  assert.equal(launch.args.length, 2);
  assert.deepEqual(JSON.parse(launch.args[1]!), permissions);
  assert.deepEqual(launch.env, { DENO_V8_FLAGS: "--max-old-space-size=256" });
  assert.ok(!launch.args.some((a) => a.startsWith("--allow")), "a compiled binary takes no flags");
});

Deno.test("parseSandboxPermissions() reads what sandboxLaunch() wrote and never grants run, ffi or sys", () => {
  const launch = sandboxLaunch({ ...common, standalone: true, execPath: "/flux" });
  assert.deepEqual(parseSandboxPermissions(launch.args[1]), permissions);
  const widened = parseSandboxPermissions(JSON.stringify({ read: true, run: true, ffi: true }));
  assert.deepEqual(widened, { read: true, run: false, ffi: false, sys: false });
  assert.throws(() => parseSandboxPermissions(undefined), /needs the plugin's permissions as JSON/);
  assert.throws(() => parseSandboxPermissions("[1]"), /needs the plugin's permissions as JSON/);
});
