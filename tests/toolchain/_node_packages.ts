/**
 * npm packages the end-to-end tests need (vitest, jest, typescript), installed once per machine under a
 * stable cache folder and linked into fixture projects as their `node_modules`. Offline, the tests that
 * need them are skipped with npm's reason.
 */
import { pathExists } from "../../core/fs/path_exists.ts";

/** Where the packages are, or why they are not. */
export type NodePackages = { nodeModules: string } | { skip: string };

/**
 * Under the user's cache folder rather than /tmp: monitors' programs run in an OS sandbox with a private
 * /tmp, where a fixture's `node_modules` link into /tmp would lead nowhere; the cache folder stays visible.
 */
const ROOT = `${
  Deno.env.get("XDG_CACHE_HOME") ??
    (Deno.env.get("HOME") ? `${Deno.env.get("HOME")}/.cache` : Deno.env.get("TMPDIR") ?? "/tmp")
}/flux-test-node-packages`;

/** Installs `specs` ("vitest@2", ...) unless a previous run did; never throws. */
export async function nodePackages(specs: string[]): Promise<NodePackages> {
  const key = specs.slice().sort().join("+").replace(/[^\w.@+-]/g, "_");
  const dir = `${ROOT}/${key}`;
  if (await pathExists(`${dir}/node_modules/.flux-ready`)) {
    return { nodeModules: `${dir}/node_modules` };
  }
  await Deno.mkdir(ROOT, { recursive: true });
  // Installed into a folder of its own, then renamed into place: two test files installing at once
  // never see half an install.
  const staging = await Deno.makeTempDir({ dir: ROOT, prefix: "staging_" });
  try {
    await Deno.writeTextFile(
      `${staging}/package.json`,
      '{"name":"flux-test-deps","private":true}\n',
    );
    const out = await new Deno.Command("npm", {
      args: ["install", "--no-audit", "--no-fund", "--loglevel=error", ...specs],
      cwd: staging,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output().catch((error) => ({
      success: false,
      stderr: new TextEncoder().encode(String(error)),
    }));
    if (!out.success) {
      const why = new TextDecoder().decode(out.stderr).trim().split("\n").pop() ?? "npm failed";
      return { skip: `npm install ${specs.join(" ")} failed (offline?): ${why}` };
    }
    await Deno.writeTextFile(`${staging}/node_modules/.flux-ready`, "");
    await Deno.rename(staging, dir).catch(() => {});
    return { nodeModules: `${dir}/node_modules` };
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
}

/** The one set the toolchain tests share (one install serves them all). */
export const NODE_TEST_PACKAGES = ["vitest@2", "jest@29", "typescript@5"];
