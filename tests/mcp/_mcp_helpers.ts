/** Shared helpers of the `flux mcp` tests: a real project, `flux mcp` as a subprocess driven by the SDK client. */
import "../_trust_test_projects.ts";
import { Client, StdioClientTransport } from "../../core/deps/mcp.ts";

/** The repository root (for running `main.ts`). */
export const REPO = `${import.meta.dirname}/../..`;

/** Creates a temp project holding `files` (and a `.flux/` so it is a project); returns its real path. */
export async function makeProject(files: Record<string, string>): Promise<string> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "flux_mcp_" }));
  await Deno.mkdir(`${dir}/.flux`, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]+$/, ""), { recursive: true });
    await Deno.writeTextFile(`${dir}/${path}`, text);
  }
  return dir;
}

/**
 * `flux mcp` in `dir` as a subprocess, connected through the SDK's own stdio client. It never inherits
 * `FLUX_TRUST`: whether an agent may run workflows is what some tests check.
 */
export async function connectFluxMcp(
  dir: string,
  extraEnv: Record<string, string> = {},
): Promise<{ client: Client; stderr: () => string; pid: () => number | null }> {
  const { FLUX_TRUST: _trust, ...env } = Deno.env.toObject();
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: [
      "run",
      "-A",
      "--quiet",
      "--config",
      `${REPO}/deno.json`,
      `${REPO}/main.ts`,
      "--project",
      dir,
      "mcp",
    ],
    cwd: dir,
    env: { ...env, ...extraEnv, NO_COLOR: "1" },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Uint8Array | string) => {
    stderr += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
  });
  const client = new Client({ name: "flux-test-agent", version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr, pid: () => transport.pid };
}

/** The text of a tool result's first content item. */
export function resultText(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((c) => c.text ?? "").join("\n");
}

/** Waits until `check()` holds, polling; throws `what` after `ms`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 90_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `flux watch --json --only tests` in `dir` as a subprocess. */
export function spawnWatch(dir: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      "--config",
      `${REPO}/deno.json`,
      `${REPO}/main.ts`,
      "watch",
      "--json",
      "--only",
      "tests",
      "--project",
      dir,
    ],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    // Trusted for this run only (workspace trust): the fixture is ours; `flux mcp` itself stays untrusted.
    env: { NO_COLOR: "1", FLUX_TRUST: "1" },
  }).spawn();
  const events: Array<Record<string, unknown>> = [];
  const read = (async () => {
    let buf = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        events.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    }
  })();
  const stderr = new Response(child.stderr).text();
  return { child, events, read, stderr };
}

/** The processes `pid` started that are still running (from /proc). */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
    const text = Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/children`).trim();
    if (text) children.push(...text.split(/\s+/).map(Number));
  }
  return children;
}
