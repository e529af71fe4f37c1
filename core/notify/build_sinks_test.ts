import assert from "node:assert/strict";

Deno.test("buildSinks() makes the configured sinks and says when notify-send is missing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux_sinks_" });
  const bin = await Deno.makeTempDir({ prefix: "flux_sinks_bin_" }); // no notify-send in an empty folder
  try {
    // In a process of its own whose PATH is that folder: the suite runs test files in parallel in one
    // process, where changing PATH would hide git, deno and python from the other tests.
    const script = `${dir}/build.ts`;
    await Deno.writeTextFile(
      script,
      `import { buildSinks } from ${
        JSON.stringify(new URL("./build_sinks.ts", import.meta.url).href)
      };\n` +
        "const errors: string[] = [];\n" +
        `const sinks = await buildSinks(${JSON.stringify(dir)}, {\n` +
        "  terminal: true,\n" +
        "  desktop: true,\n" +
        '  slack: { webhookUrl: "http://127.0.0.1:9/hook" },\n' +
        '  discord: { webhookUrl: "http://127.0.0.1:9/other" },\n' +
        "}, { terminal: false, onError: (m) => errors.push(m) });\n" +
        "await Promise.all(sinks.map((s) => s.close?.()));\n" +
        "console.log(JSON.stringify({ names: sinks.map((s) => s.name), errors }));\n",
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        "--config",
        new URL("../../deno.json", import.meta.url).pathname,
        script,
      ],
      env: { PATH: bin },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    const { names, errors } = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.deepEqual(names, ["slack", "discord"]);
    assert.match(errors[0] ?? "", /notify-send is not installed/);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(bin, { recursive: true });
  }
});
