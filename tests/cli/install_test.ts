import assert from "node:assert/strict";
import { runProcess } from "../../core/process/run_process.ts";

const root = new URL("../../", import.meta.url).pathname;

Deno.test("deno task install gives a global flux that keeps the worker-options flag", async () => {
  const installRoot = await Deno.makeTempDir();
  const project = await Deno.makeTempDir();
  await Deno.writeTextFile(`${project}/deno.json`, "{}\n");
  try {
    const install = await runProcess(Deno.execPath(), ["task", "install"], {
      cwd: root,
      env: { DENO_INSTALL_ROOT: installRoot, NO_COLOR: "1" },
      timeoutMs: 60_000,
    });
    assert.equal(install.code, 0, install.stderr);
    const flux = `${installRoot}/bin/flux`;
    // A worker lacking a permission must fail, never put Deno's permission prompt on the user's screen.
    assert.match(await Deno.readTextFile(flux), /--no-prompt/);
    const version = await runProcess(flux, ["--version"], { cwd: project, timeoutMs: 30_000 });
    assert.equal(version.code, 0, version.stderr);
    const guide = await runProcess(flux, ["help", "toolchain"], {
      cwd: project,
      timeoutMs: 30_000,
    });
    assert.equal(guide.code, 0, guide.stderr);
    assert.match(guide.stdout, /^# /, "the guide a message names is readable from any folder");
    const doctor = await runProcess(flux, ["doctor", "--json"], {
      cwd: project,
      timeoutMs: 30_000,
    });
    const report = JSON.parse(doctor.stdout);
    assert.equal(
      report.project,
      await Deno.realPath(project),
      "works on the folder it was started from",
    );
    assert.equal(
      report.unstable.workerOptions,
      true,
      "the unstable flag came along with the config",
    );
  } finally {
    await Deno.remove(installRoot, { recursive: true });
    await Deno.remove(project, { recursive: true });
  }
});
