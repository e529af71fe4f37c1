import assert from "node:assert/strict";
import { isInFluxFolder, makeFluxFolder, makeFluxFolderSync } from "./make_flux_folder.ts";
import { openSessionDb } from "../session/open_session_db.ts";
import { tryClaim } from "../monitor/owner/_claim_ownership.ts";
import { ensureFluxTmpDir } from "../toolchain/flux_tmp_dir.ts";

Deno.test("makeFluxFolder makes .flux and the folders under it, never a project folder that is gone", async () => {
  const root = await Deno.makeTempDir({ prefix: "flux_folder_" });
  try {
    await Deno.mkdir(`${root}/project`);
    makeFluxFolderSync(`${root}/project/.flux/tmp/own-writes`);
    assert.ok(Deno.statSync(`${root}/project/.flux/tmp/own-writes`).isDirectory);
    await makeFluxFolder(`${root}/project/.flux`); // present already: nothing to do
    await assert.rejects(() => makeFluxFolder(`${root}/gone/.flux/tmp`), Deno.errors.NotFound);
    assert.throws(() => makeFluxFolderSync(`${root}/gone/.flux`), Deno.errors.NotFound);
    assert.throws(() => makeFluxFolderSync(`${root}/project/src`), TypeError);
    assert.deepEqual(
      [`${root}/p/.flux`, `${root}/p/.flux/tmp`, `${root}/p/.fluxy`, `${root}/p/x.flux`].map(
        isInFluxFolder,
      ),
      [true, true, false, false],
    );
    assert.equal(await exists(`${root}/gone`), false);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a project folder deleted under Flux stays deleted: the store, the owner claim and .flux/tmp refuse", async () => {
  const root = await Deno.makeTempDir({ prefix: "flux_gone_" });
  const gone = `${root}/project`;
  try {
    assert.throws(() => openSessionDb(`${gone}/.flux/sessions.db`));
    await assert.rejects(() => tryClaim(gone));
    await assert.rejects(() => ensureFluxTmpDir(gone));
    assert.equal(await exists(gone), false, "nothing made the project folder again");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
