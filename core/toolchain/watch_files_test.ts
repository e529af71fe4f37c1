import { deepEqual, equal } from "node:assert/strict";
import { type FileChangeBatch, watchFiles } from "./watch_files.ts";

/** Starts a watcher on a fresh temp project and collects its batches. */
async function withWatcher(
  setup: (dir: string) => Promise<void>,
  act: (dir: string, next: () => Promise<FileChangeBatch>) => Promise<void>,
): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_watch_" }));
  const controller = new AbortController();
  const batches: FileChangeBatch[] = [];
  const waiters: ((b: FileChangeBatch) => void)[] = [];
  try {
    await setup(dir);
    let ready!: () => void;
    const isReady = new Promise<void>((r) => ready = r);
    const done = watchFiles(dir, (b) => {
      const waiter = waiters.shift();
      if (waiter) waiter(b);
      else batches.push(b);
    }, { signal: controller.signal, onReady: ready });
    await isReady;
    const next = () => {
      const queued = batches.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise<FileChangeBatch>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("No file change batch within 5 s")), 5000);
        waiters.push((b) => {
          clearTimeout(timer);
          resolve(b);
        });
      });
    };
    await act(dir, next);
    controller.abort();
    await done;
  } finally {
    controller.abort();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("watchFiles() reports a saved file relative to the project", async () => {
  await withWatcher(async (dir) => {
    await Deno.writeTextFile(`${dir}/auth.py`, "x = 1\n");
  }, async (dir, next) => {
    await Deno.writeTextFile(`${dir}/auth.py`, "x = 2\n");
    const batch = await next();
    deepEqual(batch.files, ["auth.py"]);
    deepEqual(batch.kinds, ["modify"]);
  });
});

Deno.test("watchFiles() reports the real file of an atomic save, not the temporary", async () => {
  await withWatcher(async (dir) => {
    await Deno.writeTextFile(`${dir}/auth.py`, "x = 1\n");
  }, async (dir, next) => {
    // Like editors do: write a temporary next to the file, then at once rename it over the file.
    Deno.writeTextFileSync(`${dir}/auth.py.flux-save-123`, "x = 2\n");
    Deno.renameSync(`${dir}/auth.py.flux-save-123`, `${dir}/auth.py`);
    const batch = await next();
    deepEqual(batch.files, ["auth.py"]);
    equal(await Deno.readTextFile(`${dir}/auth.py`), "x = 2\n");
  });
});

Deno.test("watchFiles() ignores .gitignore'd files, .flux/, node_modules/ and caches", async () => {
  await withWatcher(async (dir) => {
    await Deno.writeTextFile(`${dir}/.gitignore`, "*.log\nbuild/\n");
    for (const sub of ["build", ".flux/tmp", "node_modules/x", "__pycache__", ".git"]) {
      await Deno.mkdir(`${dir}/${sub}`, { recursive: true });
    }
  }, async (dir, next) => {
    await Deno.writeTextFile(`${dir}/app.log`, "noise");
    await Deno.writeTextFile(`${dir}/build/out.js`, "noise");
    await Deno.writeTextFile(`${dir}/.flux/tmp/pytest.report`, "noise");
    await Deno.writeTextFile(`${dir}/node_modules/x/index.js`, "noise");
    await Deno.writeTextFile(`${dir}/__pycache__/a.pyc`, "noise");
    await Deno.writeTextFile(`${dir}/.git/index`, "noise");
    await Deno.writeTextFile(`${dir}/.auth.py.swp`, "noise");
    await new Promise((r) => setTimeout(r, 100));
    await Deno.writeTextFile(`${dir}/main.py`, "print(1)\n");
    const batch = await next();
    deepEqual(batch.files, ["main.py"]);
    deepEqual(batch.kinds, ["create"]);
  });
});

Deno.test("watchFiles() batches a burst of saves into one batch and reports removals", async () => {
  await withWatcher(async (dir) => {
    await Deno.writeTextFile(`${dir}/gone.py`, "");
  }, async (dir, next) => {
    await Promise.all([
      Deno.writeTextFile(`${dir}/a.py`, "1"),
      Deno.writeTextFile(`${dir}/b.py`, "2"),
      Deno.remove(`${dir}/gone.py`),
    ]);
    const seen = new Map<string, string>();
    while (seen.size < 3) {
      const batch = await next();
      batch.files.forEach((f, i) => seen.set(f, batch.kinds[i]!));
    }
    deepEqual(Object.fromEntries(seen), {
      "a.py": "create",
      "b.py": "create",
      "gone.py": "remove",
    });
  });
});

Deno.test("watchFiles() applies a .gitignore edited while watching", async () => {
  await withWatcher(async (dir) => {
    await Deno.writeTextFile(`${dir}/.gitignore`, "");
  }, async (dir, next) => {
    await Deno.writeTextFile(`${dir}/.gitignore`, "*.gen\n");
    deepEqual((await next()).files, [".gitignore"]);
    await Deno.writeTextFile(`${dir}/out.gen`, "generated");
    await new Promise((r) => setTimeout(r, 60));
    await Deno.writeTextFile(`${dir}/src.py`, "x = 1\n");
    deepEqual((await next()).files, ["src.py"]);
  });
});
