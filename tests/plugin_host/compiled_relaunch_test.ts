/**
 * A compiled Flux has no `deno` to start sandboxes with: it re-launches its own binary through a hidden
 * subcommand, which narrows the plugin's worker to the plugin's permissions. `deno compile` cannot run
 * here (its runtime download is unreachable; tests/cli/compile_test.ts says so), so the binary is played
 * by a wrapper that runs Flux's main.ts with all permissions, as a binary compiled with `-A` has them:
 * the narrowing must come from the relaunch itself.
 */
import assert from "node:assert/strict";
import { makeHost, makeProject, trustAll } from "./_helpers.ts";

const REPO = `${import.meta.dirname}/../..`;

Deno.test("a compiled Flux starts a sandboxed plugin by re-launching itself, with only the plugin's permissions", async () => {
  const temp = await makeProject(["reads-outside"]);
  const binary = `${temp.root}/flux`;
  await Deno.writeTextFile(
    binary,
    `#!/bin/sh\necho "$1" >> '${temp.root}/relaunched'\nexec '${Deno.execPath()}' run -A --quiet --config '${REPO}/deno.json' '${REPO}/main.ts' "$@"\n`,
  );
  await Deno.chmod(binary, 0o755);
  // No deno to fall back on: the relaunch must not need one.
  const { host } = makeHost(temp.project, {
    compiled: { execPath: binary },
    denoPath: "/nonexistent/deno",
  });
  try {
    await Deno.mkdir(`${temp.project}/data`);
    await Deno.writeTextFile(`${temp.project}/data/ok.txt`, "granted");
    await Deno.writeTextFile(`${temp.outside}/secret.txt`, "OUTSIDE-SECRET");
    await trustAll(host);
    const result = await host.runMonitor("reads-outside", {
      options: { paths: [`${temp.project}/data/ok.txt`, `${temp.outside}/secret.txt`] },
    });
    assert.equal(
      result.summary,
      `read ${temp.project}/data/ok.txt: granted\ndenied ${temp.outside}/secret.txt: NotCapable`,
    );
    // It really was the re-launched binary, through the hidden subcommand, that ran it.
    assert.equal(await Deno.readTextFile(`${temp.root}/relaunched`), "__plugin-sandbox\n");
  } finally {
    await host.close();
    await temp.cleanup();
  }
});
