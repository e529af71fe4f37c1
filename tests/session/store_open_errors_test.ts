/**
 * A `.flux` that is a file, and a store that cannot be written: one line naming the file and the fix, exit
 * 2, never a stack trace.
 */
import "../_trust_test_projects.ts";
import assert from "node:assert/strict";
import { SessionManager } from "../../core/session/session_manager.ts";

const REPO = new URL("../../", import.meta.url).pathname;

async function flux(dir: string, args: string[], wrap: string[] = []) {
  const cmd = [
    Deno.execPath(),
    "run",
    "-A",
    "--quiet",
    "--config",
    `${REPO}deno.json`,
    `${REPO}main.ts`,
  ];
  const [program, ...rest] = [...wrap, ...cmd, "--project", dir, ...args];
  const out = await new Deno.Command(program!, {
    args: rest,
    env: { NO_COLOR: "1" },
    stdin: "null",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

async function project(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "flux_store_errors_" });
  await new Deno.Command("git", { args: ["init", "-q", dir] }).output();
  return dir;
}

function assertOneLine(out: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(out.code, 2, out.stderr);
  assert.equal(out.stderr.trim().split("\n").length, 1, out.stderr);
  assert.match(out.stderr, pattern);
  assert.doesNotMatch(out.stderr, /Uncaught|\bat .*\.ts:\d+/);
}

Deno.test("a .flux that is a regular file: wf list, wf run and watch say so in one line, exit 2", async () => {
  const dir = await project();
  try {
    await Deno.writeTextFile(`${dir}/.flux`, "");
    for (const args of [["wf", "list"], ["wf", "run", "tick"], ["watch", "--json"]]) {
      assertOneLine(await flux(dir, args), /"[^"]*\/\.flux" is a file.*rename or remove/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** bwrap makes a path read-only even for root (as CI runs); without it the case cannot be staged. */
async function readOnlyWrap(path: string): Promise<string[] | null> {
  const wrap = [
    "bwrap",
    "--bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    "--ro-bind",
    path,
    path,
  ];
  try {
    const probe = await new Deno.Command(wrap[0]!, { args: [...wrap.slice(1), "true"] }).output();
    return probe.success ? wrap : null;
  } catch {
    return null;
  }
}

Deno.test("flux watch with a read-only .flux/ or sessions.db says so in one line, exit 2", async (t) => {
  const dir = await project();
  try {
    await Deno.mkdir(`${dir}/.flux`);
    const folder = await readOnlyWrap(`${dir}/.flux`);
    await t.step({
      name: "read-only .flux/",
      ignore: folder === null,
      fn: async () => {
        assertOneLine(
          await flux(dir, ["watch", "--json"], folder!),
          /Cannot open the session store ".*sessions\.db" \(.+\): make it and its folder writable/,
        );
      },
    });
    new SessionManager(dir).close();
    const file = await readOnlyWrap(`${dir}/.flux/sessions.db`);
    await t.step({
      name: "read-only sessions.db",
      ignore: file === null,
      fn: async () => {
        assertOneLine(
          await flux(dir, ["watch", "--json"], file!),
          /Cannot open the session store ".*sessions\.db" \(attempt to write a readonly database\)/,
        );
      },
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
