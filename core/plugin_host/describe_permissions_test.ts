import assert from "node:assert/strict";
import { describePermissions } from "./describe_permissions.ts";
import type { PluginPermissions } from "./types.ts";

const none: PluginPermissions = { read: ["."], write: [], run: [], net: [], env: [] };
const sandboxed = () => undefined;

Deno.test("describePermissions() says a plugin's programs run in the OS sandbox of its grants", () => {
  assert.deepEqual(describePermissions({ ...none, run: ["df"] }, undefined, sandboxed), [
    'read files in "."',
    'can run only "df", started by Flux in the OS sandbox: writing nowhere (plus a private /tmp and tool caches; .flux and .git stay read-only), no network',
  ]);
  const lines = describePermissions(
    { ...none, write: [".flux/tmp"], run: ["*"], net: ["api.example.com"] },
    { write: ["."], net: false },
    sandboxed,
  );
  assert.equal(
    lines[2],
    'can run any program, started by Flux in the OS sandbox: writing only in "." (plus a private /tmp and tool caches; .flux and .git stay read-only), no network',
  );
  assert.equal(lines[3], 'connect to "api.example.com"');
});

Deno.test("describePermissions() never says sandboxed when no OS sandbox can start, or for sandbox: false", () => {
  const [, line] = describePermissions(
    { ...none, run: ["git"] },
    undefined,
    () => "bubblewrap is not installed: install it (apt-get install bubblewrap)",
  );
  assert.match(
    line!,
    /^can run only "git", but no OS sandbox can start here \(bubblewrap is not installed: .*\): such programs could read, write and connect anywhere you can/,
  );
  assert.match(
    describePermissions({ ...none, run: ["*"] }, { sandbox: false }, sandboxed)[1]!,
    /^can run any program with your full rights \(no OS sandbox/,
  );
});
