import { deepEqual, equal, match } from "node:assert/strict";
import { type FileChangeBatch, watchFiles, type WatchFilesOptions } from "./watch_files.ts";

/** Starts a watcher on a fresh temp project and collects its batches. */
async function withWatcher(
  setup: (dir: string) => Promise<void>,
  act: (dir: string, next: () => Promise<FileChangeBatch>) => Promise<void>,
  options: WatchFilesOptions = {},
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
    }, { ...options, signal: controller.signal, onReady: ready });
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

Deno.test("watchFiles() watches a folder created while watching, reporting the files already in it", async () => {
  await withWatcher(() => Promise.resolve(), async (dir, next) => {
    await Deno.mkdir(`${dir}/src/deep`, { recursive: true });
    await Deno.writeTextFile(`${dir}/src/deep/early.py`, "1");
    const seen = new Set<string>();
    while (!seen.has("src/deep/early.py")) (await next()).files.forEach((f) => seen.add(f));
    await new Promise((r) => setTimeout(r, 100));
    await Deno.writeTextFile(`${dir}/src/deep/later.py`, "2");
    while (!seen.has("src/deep/later.py")) (await next()).files.forEach((f) => seen.add(f));
  });
});

Deno.test("watchFiles() never watches .flux/, .git/, node_modules/ or git-ignored folders", async () => {
  const watched: string[] = [];
  await withWatcher(async (dir) => {
    await Deno.writeTextFile(`${dir}/.gitignore`, "generated/\n");
    for (const sub of ["src/a", ".flux/tmp", ".git/refs", "node_modules/x/y", "generated/z"]) {
      await Deno.mkdir(`${dir}/${sub}`, { recursive: true });
    }
  }, (dir) => {
    const rel = watched.map((p) => p === dir ? "." : p.slice(dir.length + 1)).sort();
    deepEqual(rel, [".", "src", "src/a"]);
    return Promise.resolve();
  }, {
    watch: (paths) => {
      watched.push(...paths);
      return Deno.watchFs(paths, { recursive: false });
    },
  });
});

Deno.test("watchFiles() past the OS limit of watches says so once and polls the other folders", async () => {
  const warnings: string[] = [];
  let calls = 0;
  await withWatcher(async (dir) => {
    for (const sub of ["a", "b", "c"]) await Deno.mkdir(`${dir}/${sub}`);
  }, async (dir, next) => {
    equal(warnings.length, 1);
    match(
      warnings[0]!,
      /limit of file watches is reached.*polled every 0\.2 s.*sysctl fs\.inotify\.max_user_watches=/,
    );
    // Folders past the limit are polled: a change there is still reported.
    await new Promise((r) => setTimeout(r, 300));
    await Deno.writeTextFile(`${dir}/c/polled.py`, "1");
    const seen = new Set<string>();
    while (!seen.has("c/polled.py")) (await next()).files.forEach((f) => seen.add(f));
  }, {
    pollMs: 200,
    onWarning: (m) => warnings.push(m),
    watch: (paths) => {
      // The OS accepts the first watch only (the root): every later one fails as inotify does.
      if (calls++ > 0 || paths.length > 1) {
        throw new Error('OS file watch limit reached. about ["/x"]');
      }
      return Deno.watchFs(paths, { recursive: false });
    },
  });
});
