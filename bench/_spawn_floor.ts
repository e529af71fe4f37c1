/**
 * The floor under `flux wf run hundred` on this runtime: a bare Deno process that does nothing but start
 * `/bin/true` `N` times one after another, collecting its output as a step does, either through `setsid`
 * (as Flux starts every program, so that a stop reaches everything it started) or directly. Run by
 * `workflow_bench.ts` as a whole process: `deno run -A bench/_spawn_floor.ts setsid|plain N`.
 */
const [how = "setsid", count = "100"] = Deno.args;
const setsid = how === "setsid";
for (let i = 0; i < Number(count); i++) {
  const { code } = await new Deno.Command(setsid ? "setsid" : "/bin/true", {
    args: setsid ? ["/bin/true"] : [],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(`/bin/true exited with ${code}`);
}
