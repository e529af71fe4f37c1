/**
 * The fingerprint a workspace trust grant is pinned to: a SHA-256 per input that decides what Flux runs
 * in a project (its config, its workflows, each project plugin folder, the package.json scripts and the
 * pyproject.toml tool sections), so that a change names what changed.
 */
import { isRecord } from "../plugin_host/protocol.ts";

/** One hash per input (absent inputs are left out), and one over all of them. */
export interface WorkspaceFingerprint {
  parts: Record<string, string>;
  hash: string;
}

/** Fingerprints `projectDir` (absolute, real). */
export async function fingerprintWorkspace(projectDir: string): Promise<WorkspaceFingerprint> {
  const parts: Record<string, string> = {};
  const put = async (name: string, bytes: Uint8Array | undefined) => {
    if (bytes !== undefined) parts[name] = await sha256(bytes);
  };
  const encoder = new TextEncoder();
  await put(".flux/config.yaml", await read(`${projectDir}/.flux/config.yaml`));
  await put(".flux/workflows.yaml", await read(`${projectDir}/.flux/workflows.yaml`));
  for (const base of ["plugins", ".flux/plugins"]) {
    for (const name of await folders(`${projectDir}/${base}`)) {
      await put(`${base}/${name}/`, await folderBytes(`${projectDir}/${base}/${name}`));
    }
  }
  const pkg = await read(`${projectDir}/package.json`);
  if (pkg !== undefined) {
    let scripts: unknown = "unreadable package.json";
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(pkg));
      scripts = isRecord(parsed) ? parsed.scripts ?? null : null;
    } catch {
      // Hashed as unreadable: a fix of the file counts as a change.
    }
    await put("package.json scripts", encoder.encode(JSON.stringify(scripts)));
  }
  const pyproject = await read(`${projectDir}/pyproject.toml`);
  if (pyproject !== undefined) {
    await put(
      "pyproject.toml [tool.*]",
      encoder.encode(toolSections(new TextDecoder().decode(pyproject))),
    );
  }
  const names = Object.keys(parts).sort();
  const all = names.map((name) => `${name}\0${parts[name]}`).join("\n");
  return { parts, hash: await sha256(encoder.encode(all)) };
}

/** The names of the parts that differ between two fingerprints (added, removed or edited). */
export function changedParts(
  before: Record<string, string>,
  after: Record<string, string>,
): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}

/** The `[tool.*]` and `[build-system]` tables of a pyproject.toml, as text (what its tools read). */
function toolSections(text: string): string {
  const kept: string[] = [];
  let keep = false;
  for (const line of text.split("\n")) {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) keep = /^(tool\.|build-system$)/.test(header[1] ?? "");
    if (keep) kept.push(line);
  }
  return kept.join("\n");
}

async function read(path: string): Promise<Uint8Array | undefined> {
  try {
    return await Deno.readFile(path);
  } catch {
    return undefined;
  }
}

async function folders(dir: string): Promise<string[]> {
  try {
    const entries = await Array.fromAsync(Deno.readDir(dir));
    return entries.filter((e) => e.isDirectory || e.isSymlink).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** Every file under `dir` (links by their target text), with its relative path, in a stable order. */
async function folderBytes(dir: string): Promise<Uint8Array> {
  const chunks: string[] = [];
  const hashes: string[] = [];
  const walk = async (at: string, rel: string) => {
    const entries = await Array.fromAsync(Deno.readDir(at)).catch(() => []);
    entries.sort((a, b) => a.name < b.name ? -1 : 1);
    for (const entry of entries) {
      const path = `${at}/${entry.name}`;
      const name = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isSymlink) chunks.push(`${name}\0link:${await Deno.readLink(path)}`);
      else if (entry.isDirectory) await walk(path, name);
      else if (entry.isFile) {
        hashes.push(await sha256((await read(path)) ?? new Uint8Array()));
        chunks.push(`${name}\0${hashes.at(-1)}`);
      }
    }
  };
  await walk(dir, "");
  return new TextEncoder().encode(chunks.join("\n"));
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
