/** The worked example of docs/plugins.md runs as written, in the sandbox tier. */
import assert from "node:assert/strict";
import { makeHost, makeProject } from "./_helpers.ts";

Deno.test("the disk-space example of docs/plugins.md works as documented", async () => {
  const doc = await Deno.readTextFile(`${import.meta.dirname}/../../docs/plugins.md`);
  const blocks = [...doc.matchAll(/```(json|ts)\n([\s\S]*?)```/g)].map((m) => m[2] ?? "");
  const temp = await makeProject();
  const { host, warnings } = makeHost(temp.project);
  try {
    const dir = `${temp.project}/.flux/plugins/disk-space`;
    await Deno.mkdir(dir);
    await Deno.writeTextFile(`${dir}/plugin.json`, blocks[0]!);
    await Deno.writeTextFile(`${dir}/mod.ts`, blocks[1]!);
    await assert.rejects(host.runMonitor("disk-space"), /is not trusted yet/);
    await host.trust("disk-space");
    const full = await host.runMonitor("disk-space", { options: { percent: 0 } });
    assert.equal(full.status, "fail");
    assert.match(full.summary, /^disk \d+% full$/);
    const fine = await host.runMonitor("disk-space", { options: { percent: 101 } });
    assert.equal(fine.status, "ok");
    assert.deepEqual(warnings, []);
  } finally {
    await host.close();
    await temp.cleanup();
  }
});
