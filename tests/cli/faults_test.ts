/**
 * Inputs that used to end in `error: Uncaught` and a stack trace: a chain of 3,000 workflows, a project
 * plugin named like a built-in step type, a bad glob in a plugin manifest's `watch`, and the project
 * folder deleted under `flux watch`. Each gives one line naming the file and the fix, and the rest of
 * Flux keeps working.
 */
import "../_trust_test_projects.ts";
import assert from "node:assert/strict";

const MAIN = `${import.meta.dirname}/../../main.ts`;
const CONFIG = `${import.meta.dirname}/../../deno.json`;
const TRACE = /Uncaught|\n\s+at /;

async function flux(dir: string, ...args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", CONFIG, MAIN, "--project", dir, ...args],
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function project(files: Record<string, string>): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_faults_" }));
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(`${dir}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  return dir;
}

function chain(length: number, prefix: string): string {
  let text = "";
  for (let i = 0; i < length; i++) {
    text += i < length - 1
      ? `${prefix}${i}:\n  steps:\n    - name: s\n      step_type: workflow\n      params: { workflow: ${prefix}${
        i + 1
      } }\n`
      : `${prefix}${i}:\n  steps:\n    - name: s\n      step_type: command\n      command: echo end-of-${prefix}\n`;
  }
  return text;
}

Deno.test("a chain of 3,000 workflows calling each other is refused in one line; a short chain runs", async () => {
  const dir = await project({ ".flux/workflows.yaml": chain(3000, "w") + chain(10, "short") });
  try {
    const validate = await flux(dir, "wf", "validate");
    assert.equal(validate.code, 2, validate.stderr);
    assert.doesNotMatch(validate.stderr, TRACE);
    assert.deepEqual(validate.stderr.trim().split("\n"), [
      '.flux/workflows.yaml:5:27 Workflow "w0" calls workflows 3000 levels deep: at most 50 are supported; run the inner workflows from fewer levels',
    ]);
    const run = await flux(dir, "wf", "run", "w0");
    assert.equal(run.code, 2, run.stderr);
    assert.doesNotMatch(run.stderr, TRACE);
    assert.match(
      run.stderr,
      /^\.flux\/workflows\.yaml:5:27 Workflow "w0" calls workflows 3000 levels deep/,
    );
    const list = await flux(dir, "wf", "list");
    assert.equal(list.code, 0, list.stderr);
    assert.doesNotMatch(list.stderr, TRACE);
    const short = await flux(dir, "wf", "run", "short0");
    assert.equal(short.code, 0, short.stderr);
    assert.match(short.stdout, /end-of-short/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const EVIL_RUN = 'export default { run() { return { success: true, output: "evil-ran" }; } };\n';

for (const name of ["command", "sneaky"]) {
  Deno.test(`an untrusted project plugin "${name}" with step_type command never replaces the built-in; trusted, it does`, async () => {
    const dir = await project({
      [`.flux/plugins/${name}/plugin.json`]: JSON.stringify({
        name,
        kind: "step",
        step_type: "command",
        entry: "mod.ts",
        permissions: {},
      }),
      [`.flux/plugins/${name}/mod.ts`]: EVIL_RUN,
      ".flux/workflows.yaml":
        "hi:\n  steps:\n    - name: s\n      step_type: command\n      command: echo real-ran\n",
    });
    try {
      const list = await flux(dir, "wf", "list");
      assert.equal(list.code, 0, list.stderr);
      assert.doesNotMatch(list.stderr, TRACE);
      assert.match(list.stdout, /quick-check/);
      const run = await flux(dir, "wf", "run", "hi");
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /real-ran/);
      assert.doesNotMatch(run.stdout, /evil-ran/);
      if (name === "command") {
        assert.match(
          run.stderr,
          /Plugin "command" in \.flux\/plugins\/command\/plugin\.json is not used: it has the name of a built-in plugin, which stays; rename its folder, or run "flux plugins trust command" to use it instead/,
        );
      }
      const trust = await flux(dir, "plugins", "trust", name, "--yes");
      assert.equal(trust.code, 0, trust.stdout + trust.stderr);
      const trusted = await flux(dir, "wf", "run", "hi", "--json");
      assert.equal(trusted.code, 0, trusted.stderr);
      assert.match(trusted.stdout, /evil-ran/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/** Starts `flux watch`, collecting stdout and stderr together. */
function watch(dir: string, ...args: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", CONFIG, MAIN, "--project", dir, "watch", ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  const read = (stream: ReadableStream<Uint8Array>) =>
    (async () => {
      for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
    })();
  const done = Promise.all([read(child.stdout), read(child.stderr), child.status]);
  return {
    child,
    text: () => text,
    async until(needle: string | RegExp, ms = 60_000) {
      const deadline = performance.now() + ms;
      while (!(typeof needle === "string" ? text.includes(needle) : needle.test(text))) {
        assert.ok(performance.now() < deadline, `no ${needle} in: ${text}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async end() {
      const [, , status] = await done;
      return status;
    },
  };
}

Deno.test("a bad glob in an untrusted plugin's watch is one line and flux watch keeps running", async () => {
  const dir = await project({
    ".flux/plugins/mon/plugin.json": JSON.stringify({
      name: "mon",
      kind: "monitor",
      entry: "mod.ts",
      permissions: {},
      watch: ["x".repeat(70_000)],
    }),
    ".flux/plugins/mon/mod.ts": 'export default { check() { return { status: "ok" }; } };\n',
    ".flux/config.yaml": "monitors:\n  enabled: [file_changes, mon]\n",
  });
  try {
    const w = watch(dir);
    await w.until("Watching");
    await w.until(
      /\.flux\/plugins\/mon\/plugin\.json has a bad "watch" glob "x+": .*; fix or remove it/,
    );
    // Still watching: a change is reported after the bad manifest was.
    for (let i = 0; !/1 file changed: a\.txt/.test(w.text()); i++) {
      assert.ok(i < 600, w.text());
      await Deno.writeTextFile(`${dir}/a.txt`, String(i));
      await new Promise((r) => setTimeout(r, 100));
    }
    w.child.kill("SIGINT");
    const status = await w.end();
    assert.equal(status.code, 0, w.text());
    assert.doesNotMatch(w.text(), TRACE);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a folder made again at the deleted project's path is not the project: flux watch still ends, exit 2", async () => {
  const dir = await project({ "a.txt": "x\n" });
  const w = watch(dir, "--only", "file_changes");
  try {
    await w.until("Watching");
    // Deleted, then a folder of that name made again at once (as Flux itself once did, making `.flux/`
    // with its parents while starting up): the path exists, the watched folder does not.
    await Deno.remove(dir, { recursive: true });
    await Deno.mkdir(dir);
    await w.until(
      /The project folder ".*" no longer exists \(deleted or moved\): stopping/,
      120_000,
    );
    const status = await w.end();
    assert.equal(status.code, 2, w.text());
    assert.doesNotMatch(w.text(), TRACE);
  } finally {
    try {
      w.child.kill("SIGKILL");
    } catch {
      // ended
    }
    await w.end();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});

Deno.test("deleting the project folder under flux watch ends it with a true line and exit 2", async () => {
  const dir = await project({ "a.txt": "x\n" });
  try {
    await new Deno.Command("git", { args: ["init", "-q"], cwd: dir }).output();
    const w = watch(dir, "--only", "git,file_changes");
    await w.until("Watching");
    await Deno.remove(dir, { recursive: true });
    const status = await w.end();
    assert.equal(status.code, 2, w.text());
    assert.match(
      w.text(),
      new RegExp(`The project folder "${dir}" no longer exists \\(deleted or moved\\): stopping`),
    );
    assert.doesNotMatch(w.text(), /not installed/);
    assert.doesNotMatch(w.text(), TRACE);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
