import assert from "node:assert/strict";
import tool from "./mod.ts";
import { withoutOwnWrites } from "../../core/toolchain/own_writes.ts";

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

Deno.test("tool.run() maps format to a check and auto_fix to the formatter in fix mode, listing what it changed", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
    await Deno.writeTextFile(`${dir}/ugly.ts`, "const  x   =  1 ;\nexport { x }\n");
    await Deno.writeTextFile(`${dir}/fine.ts`, "export const y = 2;\n");
    // The format step checks and never writes.
    const check = await tool.run(ctx(dir, "format"));
    assert.equal(check.success, false);
    assert.equal(await Deno.readTextFile(`${dir}/ugly.ts`), "const  x   =  1 ;\nexport { x }\n");
    const result = await tool.run(ctx(dir, "auto_fix"));
    assert.equal(result.success, true, result.output);
    assert.equal(await Deno.readTextFile(`${dir}/ugly.ts`), "const x = 1;\nexport { x };\n");
    // Every file it changed is listed, and only those.
    assert.deepEqual((result.data as { changedFiles: string[] }).changedFiles, ["ugly.ts"]);
    assert.match(result.output ?? "", /^Changed 1 file: ugly\.ts$/m);
    // The files it wrote are Flux's, not the person's, until the person edits them again.
    assert.deepEqual(await withoutOwnWrites(dir, ["ugly.ts", "fine.ts"]), ["fine.ts"]);
    await new Promise((r) => setTimeout(r, 20));
    await Deno.writeTextFile(`${dir}/ugly.ts`, "const x = 1;\nexport { x };\n// mine\n");
    assert.deepEqual(await withoutOwnWrites(dir, ["ugly.ts"]), ["ugly.ts"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
