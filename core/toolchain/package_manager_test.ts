import { deepEqual, equal } from "node:assert/strict";
import { packageManager, runScriptCommand } from "./package_manager.ts";

Deno.test("packageManager() reads packageManager, then the lockfile here or above, else npm", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  try {
    await Deno.mkdir(`${dir}/.git`);
    await Deno.mkdir(`${dir}/packages/app`, { recursive: true });
    await Deno.writeTextFile(`${dir}/packages/app/package.json`, "{}");
    equal(packageManager(`${dir}/packages/app`), "npm");
    await Deno.writeTextFile(`${dir}/pnpm-lock.yaml`, "lockfileVersion: '9.0'\n");
    equal(packageManager(`${dir}/packages/app`), "pnpm");
    await Deno.writeTextFile(`${dir}/packages/app/yarn.lock`, "");
    equal(packageManager(`${dir}/packages/app`), "yarn");
    await Deno.writeTextFile(`${dir}/packages/app/package.json`, '{"packageManager":"bun@1.1.0"}');
    equal(packageManager(`${dir}/packages/app`), "bun");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runScriptCommand() passes arguments after -- only for npm", () => {
  deepEqual(runScriptCommand("npm", "test", ["-x"]), {
    cmd: "npm",
    args: ["run", "test", "--", "-x"],
  });
  deepEqual(runScriptCommand("pnpm", "test", ["-x"]), { cmd: "pnpm", args: ["run", "test", "-x"] });
  deepEqual(runScriptCommand("yarn", "build"), { cmd: "yarn", args: ["run", "build"] });
});
