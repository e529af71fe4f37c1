import assert from "node:assert/strict";
import { isInsidePath, parseManifest } from "./manifest.ts";

const FILE = "plugins/disk/plugin.json";

function errorOf(json: unknown): string {
  try {
    parseManifest(typeof json === "string" ? json : JSON.stringify(json), "disk", FILE);
  } catch (error) {
    return (error as Error).message;
  }
  return "(no error)";
}

Deno.test("parseManifest() accepts the documented example and fills defaults", () => {
  const manifest = parseManifest(
    JSON.stringify({
      name: "disk-space",
      kind: "monitor",
      entry: "mod.ts",
      description: "Warns when the disk is almost full",
      permissions: { read: ["."], run: ["df"], net: [], env: [], write: [] },
      interval: 30,
      watch: ["**/*.py"],
    }),
    "disk",
    FILE,
  );
  assert.deepEqual(manifest, {
    name: "disk-space",
    kind: "monitor",
    entry: "mod.ts",
    description: "Warns when the disk is almost full",
    permissions: { read: ["."], write: [], run: ["df"], net: [], env: [] },
    interval: 30,
    watch: ["**/*.py"],
  });
  const step = parseManifest(
    '{"name":"docker","kind":"step","step_type":"docker_build","entry":"mod.ts"}',
    "docker",
    FILE,
  );
  assert.equal(step.step_type, "docker_build");
  assert.deepEqual(step.permissions, { read: [], write: [], run: [], net: [], env: [] });
});

Deno.test("parseManifest() names the file and the field in one line when something is wrong", () => {
  const base = { name: "disk", kind: "monitor", entry: "mod.ts" };
  const cases: [unknown, string][] = [
    [{ name: "disk", kind: "monitor" }, 'has no "entry"'],
    [{ name: "disk", entry: "mod.ts" }, 'has no "kind"'],
    [{ ...base, kind: "daemon" }, 'has a bad "kind": use "monitor" or "step"'],
    [{ ...base, kind: "step" }, 'has no "step_type" (a step plugin needs one)'],
    [{ ...base, entry: "../evil.ts" }, 'has a bad "entry"'],
    [{ ...base, permissions: { sys: [] } }, 'has an unknown permission "permissions.sys"'],
    [{ ...base, permissions: { read: ["../.."] } }, 'has a bad "permissions.read" entry "../.."'],
    [{ ...base, permissions: { write: ["/etc"] } }, 'has a bad "permissions.write" entry "/etc"'],
    [{ ...base, permissions: { run: "df" } }, 'has a bad "permissions.run"'],
    [{ ...base, interval: -1 }, 'has a bad "interval"'],
    [{ ...base, stages: ["quick", "all"] }, 'has bad "stages": the last one is "full"'],
    [{ ...base, stages: ["rerun", "full"] }, 'has bad "stages": the last one is "full"'],
    ["{ not json", "is not valid JSON"],
    [[1, 2], "is not a JSON object"],
  ];
  for (const [json, detail] of cases) {
    const message = errorOf(json);
    assert.ok(
      message.startsWith(`Cannot load plugin "disk": ${FILE} ${detail}`),
      `${JSON.stringify(json)} gave: ${message}`,
    );
    assert.ok(!message.includes("\n"));
  }
});

Deno.test("isInsidePath() refuses absolute paths and paths that climb out", () => {
  assert.equal(isInsidePath("."), true);
  assert.equal(isInsidePath("src/../lib"), true);
  assert.equal(isInsidePath("src/../../x"), false);
  assert.equal(isInsidePath("/etc"), false);
});
