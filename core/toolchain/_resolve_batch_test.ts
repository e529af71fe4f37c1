import { deepEqual } from "node:assert/strict";
import { resolveBatch } from "./_resolve_batch.ts";

Deno.test("resolveBatch() reports an atomic save split over two batches as the real file only", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_resolve_" });
  try {
    await Deno.writeTextFile(`${dir}/auth.py`, "x = 2\n");
    // Batch 1 ended after the temporary was written; by the time it is resolved the rename happened.
    const first = await resolveBatch(
      dir,
      new Map([["auth.py.tmp-1", { created: true, removed: false, removes: 0, movedAway: false }]]),
      0,
      new Set(),
    );
    deepEqual(first.batch.files, []);
    deepEqual([...first.temporaries], ["auth.py.tmp-1"]);
    // Batch 2 holds the rename: the temporary moved away, the real file replaced.
    const second = await resolveBatch(
      dir,
      new Map([
        ["auth.py.tmp-1", { created: false, removed: true, removes: 1, movedAway: true }],
        ["auth.py", { created: false, removed: false, removes: 0, movedAway: false }],
      ]),
      0,
      first.temporaries,
    );
    deepEqual(second.batch.files, ["auth.py"]);
    deepEqual(second.batch.kinds, ["modify"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveBatch() still reports the removal of a file that was not a temporary", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_resolve_" });
  try {
    const { batch } = await resolveBatch(
      dir,
      new Map([["gone.py", { created: false, removed: true, removes: 1, movedAway: false }]]),
      0,
      new Set(["other.tmp"]),
    );
    deepEqual(batch.files, ["gone.py"]);
    deepEqual(batch.kinds, ["remove"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveBatch() drops a temporary written and renamed away before its events were read", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_resolve_" });
  try {
    await Deno.writeTextFile(`${dir}/auth.py`, "x = 2\n");
    await Deno.writeTextFile(`${dir}/b.py`, "moved\n");
    // Deno reports create, modify and close of a path already gone as removes; then the rename.
    const { batch, temporaries } = await resolveBatch(
      dir,
      new Map([
        [".auth.py.tmp-1", { created: false, removed: true, removes: 4, movedAway: true }],
        ["auth.py", { created: false, removed: false, removes: 0, movedAway: false }],
        // A real rename of an existing file (mv a.py b.py): one remove. Still reported.
        ["a.py", { created: false, removed: true, removes: 1, movedAway: true }],
        ["b.py", { created: false, removed: false, removes: 0, movedAway: false }],
      ]),
      0,
      new Set(),
    );
    deepEqual(batch.files, ["a.py", "auth.py", "b.py"]);
    deepEqual(batch.kinds, ["remove", "modify", "modify"]);
    deepEqual([...temporaries], [".auth.py.tmp-1"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
