import assert from "node:assert/strict";
import tool from "./mod.ts";

function ctx(dir: string, toolName: string) {
  return {
    projectDir: dir,
    options: { tool_name: toolName },
    signal: new AbortController().signal,
    progress: () => {},
    log: () => {},
    emit: () => {},
  };
}

Deno.test("tool.run() runs the project's tests (deno test here) and fails with the finding when one breaks", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
    await Deno.writeTextFile(`${dir}/a_test.ts`, 'Deno.test("adds", () => {});\n');
    const ok = await tool.run(ctx(dir, "run_tests"));
    assert.equal(ok.success, true, ok.output);
    assert.equal((ok.data as { tool: string }).tool, "deno_test");
    await Deno.writeTextFile(
      `${dir}/a_test.ts`,
      'Deno.test("breaks", () => { throw new Error("boom"); });\n',
    );
    const bad = await tool.run(ctx(dir, "run_tests"));
    assert.equal(bad.success, false);
    const findings = (bad.data as { findings: { name?: string }[] }).findings;
    assert.ok(findings.some((f) => f.name?.includes("breaks")), JSON.stringify(findings));
    const unknown = await tool.run(ctx(dir, "deploy"));
    assert.equal(unknown.success, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tool.run() maps auto_fix to the formatter in fix mode (deno fmt rewrites the file)", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
    await Deno.writeTextFile(`${dir}/ugly.ts`, "const  x   =  1 ;\nexport { x }\n");
    const result = await tool.run(ctx(dir, "auto_fix"));
    assert.equal(result.success, true, result.output);
    assert.equal(await Deno.readTextFile(`${dir}/ugly.ts`), "const x = 1;\nexport { x };\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
