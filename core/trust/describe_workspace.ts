/**
 * What Flux would run in a project once it is trusted, one line each: the detected test, build and
 * lint tools, the package.json scripts they call, the workflows and their commands, and the project's
 * plugins. Shown by `flux trust` and before the TUI asks.
 */
import { parse } from "../deps/yaml.ts";
import { detectToolchains } from "../toolchain/detect_toolchains.ts";
import { isRecord } from "../plugin_host/protocol.ts";

/** Lines describing what would run in `projectDir`. */
export async function describeWorkspace(projectDir: string): Promise<string[]> {
  const lines: string[] = [];
  const chains = await detectToolchains(projectDir).catch(() => []);
  for (const kind of ["test", "build", "lint"] as const) {
    const tools = [...new Set(chains.flatMap((c) => c.tools[kind] ?? []))];
    if (tools.length > 0) lines.push(`${kind}: ${tools.join(", ")} (in the project folder)`);
  }
  const scripts = await packageScripts(projectDir);
  for (const name of ["test", "build", "lint"]) {
    if (scripts[name] !== undefined) lines.push(`npm script "${name}": ${scripts[name]}`);
  }
  for (const line of await workflows(projectDir)) lines.push(line);
  for (const base of ["plugins", ".flux/plugins"]) {
    const names = await Array.fromAsync(Deno.readDir(`${projectDir}/${base}`)).catch(() => []);
    for (const entry of names.sort((a, b) => a.name < b.name ? -1 : 1)) {
      if (entry.isDirectory) lines.push(`plugin: ${base}/${entry.name} (asks its own trust too)`);
    }
  }
  if (lines.length === 0) {
    lines.push("nothing detected (no tests, build, lint, workflows or plugins)");
  }
  return lines;
}

async function packageScripts(projectDir: string): Promise<Record<string, string>> {
  try {
    const pkg: unknown = JSON.parse(await Deno.readTextFile(`${projectDir}/package.json`));
    const scripts = isRecord(pkg) && isRecord(pkg.scripts) ? pkg.scripts : {};
    return Object.fromEntries(
      Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
  } catch {
    return {};
  }
}

async function workflows(projectDir: string): Promise<string[]> {
  let raw: unknown;
  try {
    raw = parse(await Deno.readTextFile(`${projectDir}/.flux/workflows.yaml`));
  } catch (error) {
    return error instanceof Deno.errors.NotFound ? [] : [".flux/workflows.yaml (cannot be read)"];
  }
  if (!isRecord(raw)) return [];
  const defs = isRecord(raw.workflows) ? raw.workflows : raw;
  const lines: string[] = [];
  for (const [name, def] of Object.entries(defs)) {
    const steps = isRecord(def) && Array.isArray(def.steps) ? def.steps : [];
    const commands = steps.flatMap((s) =>
      isRecord(s) && typeof s.command === "string" ? [s.command] : []
    );
    lines.push(
      `workflow "${name}": ${steps.length} steps${
        commands.length > 0 ? `, runs ${commands.map((c) => JSON.stringify(c)).join(", ")}` : ""
      }`,
    );
  }
  return lines;
}
