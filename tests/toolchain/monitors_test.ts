/**
 * The five built-in monitors run through the real plugin host (each in its Web Worker with the
 * permissions its plugin.json declares) on real projects made in temp dirs.
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import { PluginHost } from "../../core/plugin_host/plugin_host.ts";
import { runProcess } from "../../core/process/run_process.ts";
import { runTool } from "../../core/toolchain/run_tool.ts";

async function withProject(
  files: Record<string, string>,
  fn: (dir: string, host: PluginHost) => Promise<void>,
): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_monitors_" }));
  const host = new PluginHost(dir, { onWarning: () => {} });
  try {
    for (const [name, text] of Object.entries(files)) await write(dir, name, text);
    await fn(dir, host);
  } finally {
    await host.close();
    await Deno.remove(dir, { recursive: true });
  }
}

async function write(dir: string, name: string, text: string): Promise<void> {
  const path = `${dir}/${name}`;
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await Deno.writeTextFile(path, text);
}

const DENO_TEST = (status: number) =>
  `import { equal } from "node:assert/strict";
Deno.test("adds", () => equal(1 + 1, 2));
Deno.test("login returns 200", () => {
  const status: number = ${status};
  equal(status, 200, \`Expected 200, got \${status}\`);
});
`;

Deno.test("tests monitor: a deno project goes passing -> failing -> passing", async () => {
  await withProject({ "deno.json": "{}", "auth_test.ts": DENO_TEST(200) }, async (dir, host) => {
    const first = await host.runMonitor("tests");
    equal(first.status, "ok", first.summary);
    equal(first.summary, "2 tests passed");
    await write(dir, "auth_test.ts", DENO_TEST(401));
    const second = await host.runMonitor("tests");
    equal(second.status, "fail");
    equal(second.summary, "2 tests, 1 failed");
    deepEqual(second.items, [{
      message: "AssertionError: Expected 200, got 401",
      file: "auth_test.ts",
      line: 5,
      column: 3,
      name: "login returns 200",
    }]);
    deepEqual((second.data as { counts: unknown }).counts, {
      total: 2,
      passed: 1,
      failed: 1,
      skipped: 0,
    });
    await write(dir, "auth_test.ts", DENO_TEST(200));
    equal((await host.runMonitor("tests")).status, "ok");
  });
});

Deno.test("tests monitor: a pytest project reports AssertionError and ImportError", async () => {
  await withProject({
    "auth.py": "def login(user):\n    return 401\n",
    "tests/test_auth.py":
      'from auth import login\n\ndef test_login():\n    status = login("a")\n    assert status == 200, f"Expected 200, got {status}"\n\ndef test_ok():\n    assert True\n',
    "tests/test_utils.py":
      'from auth import validate_token\n\ndef test_validate():\n    assert validate_token("x")\n',
    "conftest.py": "",
  }, async (dir, host) => {
    // As plain `pytest` does, a collection error stops the run before any test runs.
    const result = await host.runMonitor("tests");
    equal(result.status, "fail");
    equal(result.summary, "1 error during collection: no tests ran");
    const messages = (result.items ?? []).map((i) => `${i.name}: ${i.message}`);
    ok(
      messages.some((m) =>
        m.startsWith("tests/test_utils.py: ImportError: cannot import name 'validate_token'")
      ),
    );
    // pytest ran without writing caches or bytecode into the project.
    const names = await Array.fromAsync(Deno.readDir(dir), (e) => e.name);
    ok(!names.includes(".pytest_cache") && !names.includes("__pycache__"), names.join(","));
    await write(dir, "tests/test_utils.py", "def test_validate():\n    assert True\n");
    const second = await host.runMonitor("tests");
    equal(second.summary, "3 tests, 1 failed");
    const failed = (second.items ?? []).map((i) => `${i.name}: ${i.message}`);
    ok(failed.includes("tests/test_auth.py::test_login: AssertionError: Expected 200, got 401"));
  });
});

Deno.test("tests monitor: npm's pretest hook (a build) is not run in the background; a workflow's run_tests runs it", async () => {
  const build = `node -e "require('fs').writeFileSync('dist.txt', 'built')"`;
  await withProject({
    "package.json": JSON.stringify({
      name: "hooked",
      scripts: { pretest: build, test: `node -e "process.exit(0)"` },
    }),
    "package-lock.json": "{}",
  }, async (dir, host) => {
    const result = await host.runMonitor("tests");
    equal(result.status, "ok", result.summary);
    equal(
      result.summary,
      "test script passed (pretest not run: it may write files; a workflow step runs it)",
    );
    const names = await Array.fromAsync(Deno.readDir(dir), (e) => e.name);
    ok(!names.includes("dist.txt"), `the background check wrote ${names.join(",")}`);
    // The same test script asked for (a workflow step, not a monitor) runs as `npm test` does.
    const asked = await runTool("test", dir);
    equal(asked.summary, "test script passed");
    equal(await Deno.readTextFile(`${dir}/dist.txt`), "built");
  });
});

Deno.test("tests monitor: a background run asks no tool to check for its updates (no registry, no notice box)", async () => {
  const quiet =
    `node -e "process.exit(process.env.NO_UPDATE_NOTIFIER === '1' && process.env.npm_config_update_notifier === 'false' ? 0 : 1)"`;
  await withProject({
    "package.json": JSON.stringify({ name: "quiet", scripts: { test: quiet } }),
    "package-lock.json": "{}",
  }, async (dir, host) => {
    equal((await host.runMonitor("tests")).status, "ok");
    // Asked for (a workflow step), the script runs in the environment a shell gives it.
    equal((await runTool("test", dir)).status, "fail");
  });
});

Deno.test("lint monitor: reports a new issue once, then none new, then ok when fixed", async () => {
  await withProject({ "deno.json": "{}", "mod.ts": "export const a = 1;\n" }, async (dir, host) => {
    equal((await host.runMonitor("lint")).status, "ok");
    await write(dir, "mod.ts", "const unused = 1;\nexport const a = 1;\n");
    const introduced = await host.runMonitor("lint");
    equal(introduced.status, "fail");
    equal(introduced.summary, "1 new lint issue (1 in all)");
    deepEqual(introduced.items, [{
      message: "`unused` is never used",
      file: "mod.ts",
      line: 1,
      column: 7,
      name: "no-unused-vars",
    }]);
    const again = await host.runMonitor("lint");
    equal(again.status, "fail");
    equal(again.summary, "1 lint issue, none new");
    deepEqual(again.items, []);
    await write(dir, "mod.ts", "export const a = 1;\n");
    const fixed = await host.runMonitor("lint");
    equal(fixed.status, "ok");
    equal((fixed.data as { resolved: number }).resolved, 1);
  });
});

Deno.test("build monitor: deno check errors come with file and line", async () => {
  await withProject(
    { "deno.json": "{}", "main.ts": 'export const x: number = "a";\n' },
    async (_dir, host) => {
      const result = await host.runMonitor("build");
      equal(result.status, "fail");
      equal(result.summary, "deno check: 1 error");
      deepEqual(result.items, [{
        message: "Type 'string' is not assignable to type 'number'.",
        file: "main.ts",
        line: 1,
        column: 14,
        name: "TS2322",
      }]);
    },
  );
});

Deno.test("git monitor: branch, uncommitted and untracked counts", async () => {
  await withProject({ "a.py": "a = 1\n" }, async (dir, host) => {
    const env = {
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@e",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@e",
    };
    for (
      const args of [["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "one"]]
    ) {
      const r = await runProcess("git", args, { cwd: dir, env });
      equal(r.code, 0, r.stderr);
    }
    equal((await host.runMonitor("git")).summary, "main: clean");
    await write(dir, "a.py", "a = 2\n");
    await write(dir, "b.py", "b = 1\n");
    const result = await host.runMonitor("git");
    equal(result.status, "ok");
    equal(result.summary, "main: 1 uncommitted, 1 untracked");
    const data = result.data as { branch: string; uncommitted: number; untracked: number };
    equal(data.branch, "main");
    equal(data.untracked, 1);
    deepEqual(result.items, [
      { message: "changed", file: "a.py" },
      { message: "untracked", file: "b.py" },
    ]);
  });
});

Deno.test("file_changes monitor: an atomic save emits the real file; check counts watched files", async () => {
  await withProject(
    { "auth.py": "x = 1\n", ".gitignore": "*.log\n", "node_modules/a/b.js": "" },
    async (dir, host) => {
      const checked = await host.runMonitor("file_changes");
      equal(checked.status, "ok");
      equal(checked.summary, "watching 2 files");
      const events: unknown[] = [];
      const ready = Promise.withResolvers<void>();
      const arrived = Promise.withResolvers<void>();
      const watch = await host.startWatch("file_changes", {
        onEvent: (event) => {
          if ((event as { ready?: unknown }).ready === true) return ready.resolve();
          events.push(event);
          arrived.resolve();
        },
      });
      try {
        // The watcher is installed inside the worker a moment after startWatch(): it says when.
        await ready.promise;
        await Deno.writeTextFile(`${dir}/app.log`, "ignored");
        // An editor's atomic save: write a temporary, rename it over the file at once.
        Deno.writeTextFileSync(`${dir}/.auth.py.tmp-1`, "x = 2\n");
        Deno.renameSync(`${dir}/.auth.py.tmp-1`, `${dir}/auth.py`);
        await arrived.promise;
        await new Promise((r) => setTimeout(r, 200)); // Anything else (the temporary) would come now.
        const named = events.flatMap((e) => (e as { files: string[] }).files);
        deepEqual([...new Set(named)], ["auth.py"], "the real file, never the temporary");
        const event = events[0] as {
          files: string[];
          kinds: string[];
          summary: string;
          at: number;
        };
        deepEqual(event.files, ["auth.py"]);
        equal(event.summary, "📝 1 file changed: auth.py");
        ok(Math.abs(event.at - Date.now()) < 60_000);
        equal(await Deno.readTextFile(`${dir}/auth.py`), "x = 2\n");
      } finally {
        await watch.stop();
      }
    },
  );
});
