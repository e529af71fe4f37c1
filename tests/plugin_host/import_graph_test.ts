/**
 * Trust covers the code that really runs: every module a sandboxed plugin imports must be in its
 * folder (which the hash covers), so an edited sibling asks for trust again, and remote, npm or
 * project imports outside the folder are refused in one line.
 */
import assert from "node:assert/strict";
import { makeHost, makeProject, trustAll } from "./_helpers.ts";

Deno.test("a trusted plugin whose imported sibling is edited is changed and asks for trust again", async () => {
  const temp = await makeProject(["imports-sibling"]);
  const { host } = makeHost(temp.project);
  try {
    await trustAll(host);
    assert.equal((await host.runMonitor("imports-sibling")).summary, "from the sibling");
    await Deno.writeTextFile(
      `${temp.project}/.flux/plugins/imports-sibling/summary.ts`,
      'export const summary = "edited";\n',
    );
    await host.discover();
    await assert.rejects(host.runMonitor("imports-sibling"), {
      message:
        'Plugin "imports-sibling" changed since it was trusted: run "flux plugins trust imports-sibling" to review it again',
    });
  } finally {
    await host.close();
    await temp.cleanup();
  }
});

Deno.test("a plugin importing remote, npm or project code outside its folder is refused in one line", async () => {
  const temp = await makeProject(["imports-sibling"]);
  const { host } = makeHost(temp.project);
  const entry = `${temp.project}/.flux/plugins/imports-sibling/mod.ts`;
  try {
    await Deno.mkdir(`${temp.project}/src`);
    await Deno.writeTextFile(`${temp.project}/src/util.ts`, "export const summary = 'project';\n");
    const cases: [string, string][] = [
      [
        'import { summary } from "https://example.com/summary.ts";',
        'it imports "https://example.com/summary.ts", and plugins may not import remote or npm code: copy what it needs into the plugin folder',
      ],
      [
        'import summary from "npm:left-pad@1.3.0";',
        'it imports "npm:left-pad@1.3.0", and plugins may not import remote or npm code: copy what it needs into the plugin folder',
      ],
      [
        'import { summary } from "../../../src/util.ts";',
        `it imports "${temp.project}/src/util.ts", outside its folder: copy it into the plugin folder (plugins import only their own files and Flux's plugin types)`,
      ],
    ];
    for (const [line, why] of cases) {
      await Deno.writeTextFile(
        entry,
        `${line}\nexport default { check() { return { status: "ok", summary: String(summary) }; } };\n`,
      );
      await host.discover();
      await assert.rejects(host.trust("imports-sibling"), {
        message: `Cannot trust plugin "imports-sibling": ${why}`,
      });
    }
  } finally {
    await host.close();
    await temp.cleanup();
  }
});
