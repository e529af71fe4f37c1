/**
 * The floor under `flux wf run` on this runtime and stack, run by `workflow_bench.ts` as a whole process:
 * `deno run -A [--config deno.json] bench/_spawn_floor.ts setsid|plain|stack N`.
 * - `setsid` / `plain`: a bare Deno process that does nothing but start `/bin/true` `N` times one after
 *   another, collecting its output as a step does, through `setsid` (as Flux starts every program, so that
 *   a stop reaches everything it started) or directly.
 * - `stack`: first what any `flux wf run` must load before its first step, and nothing of Flux's own: the
 *   decided stack's command-line parser (commander), the YAML library reading `.flux/workflows.yaml` of the
 *   folder it runs in, and `node:sqlite` opening a database (a temporary one: no store is touched); then
 *   the `setsid` loop. Nothing is recorded and no plan is built, so Flux can only be slower.
 */
const [how = "setsid", count = "100"] = Deno.args;
if (how === "stack") {
  const { Command } = await import("../core/deps/commander.ts");
  const { parse } = await import("../core/deps/yaml.ts");
  const { DatabaseSync } = await import("node:sqlite");
  new Command("flux").option("-q, --quiet").parse(["-q"], { from: "user" });
  const workflows = parse(await Deno.readTextFile(".flux/workflows.yaml"));
  if (typeof workflows !== "object" || workflows === null) {
    throw new Error("no workflows.yaml here");
  }
  const dir = await Deno.makeTempDir({ prefix: "flux_floor_" });
  const db = new DatabaseSync(`${dir}/floor.db`);
  db.exec("PRAGMA journal_mode = WAL");
  db.close();
  await Deno.remove(dir, { recursive: true });
}
const setsid = how !== "plain";
for (let i = 0; i < Number(count); i++) {
  const { code } = await new Deno.Command(setsid ? "setsid" : "/bin/true", {
    args: setsid ? ["/bin/true"] : [],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(`/bin/true exited with ${code}`);
}
