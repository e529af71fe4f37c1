import assert from "node:assert/strict";
import { unclosedBracket } from "./unclosed_bracket.ts";
import { FluxFileError, parseConfigText } from "./load_config.ts";
import { parseWorkflowsText } from "../workflow/parse_workflows_text.ts";
import { parseManifest } from "../plugin_host/manifest.ts";

const CONFIG = "monitors:\n  tests:\n    ignore: [a, b\n  lint:\n    interval: 5\n";
const WORKFLOWS = "quick:\n  steps: [\n    {name: a, command: echo a},\n" +
  "    {name: b, command: echo b}\n\nother:\n  steps:\n    - name: c\n      command: echo c\n";

Deno.test("unclosedBracket() finds the last-opened bracket never closed, not brackets in scalars", () => {
  assert.deepEqual(unclosedBracket("a: [1, 2\n"), { offset: 3, open: "[", close: "]" });
  assert.equal(unclosedBracket(CONFIG)?.offset, CONFIG.indexOf("["));
  const nested = "s:\n  - params: {files: [a.py, b.py}\n  - name: b\n";
  assert.deepEqual(unclosedBracket(nested), {
    offset: nested.indexOf("[a.py"),
    open: "[",
    close: "]",
  });
  assert.equal(unclosedBracket('a: "x [y"\nb: echo [1, 2\n# [\nc: [1, [2]]\n'), undefined);
});

Deno.test("parseConfigText() names the line where an unclosed [ opened, not the line after", () => {
  assert.throws(() => parseConfigText(CONFIG, ".flux/config.yaml"), (e: unknown) => {
    assert.ok(e instanceof FluxFileError);
    assert.equal(
      e.message,
      '.flux/config.yaml:3:13 "[" opened here is never closed: add "]" where the list ends',
    );
    return true;
  });
});

Deno.test("parseWorkflowsText() gives one diagnostic at the unclosed [ instead of the end of the file", () => {
  const parsed = parseWorkflowsText(WORKFLOWS, ".flux/workflows.yaml");
  assert.deepEqual(
    parsed.diagnostics.map((d) => [d.line, d.column, d.message]),
    [[2, 10, 'Invalid YAML: "[" opened here is never closed: add "]" where the list ends']],
  );
});

Deno.test("parseManifest() names the line of an unclosed [ in plugin.json", () => {
  const text = '{\n  "name": "disk",\n  "permissions": { "run": ["df"\n  }\n}\n';
  assert.throws(
    () => parseManifest(text, "disk", "plugins/disk/plugin.json"),
    /is not valid JSON \(line 3: "\[" opened is never closed: add "\]" where the list ends\)/,
  );
});
