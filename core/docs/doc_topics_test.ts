import assert from "node:assert/strict";
import { DOC_TOPICS, guideLocation, isDocTopic, readGuide } from "./doc_topics.ts";

const root = new URL("../../", import.meta.url);

/** Every source file Flux ships (not tests), relative to the repository root. */
async function shippedSources(): Promise<string[]> {
  const files: string[] = ["main.ts", "mod.ts"];
  async function walk(dir: string): Promise<void> {
    for await (const entry of Deno.readDir(new URL(dir, root))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (/\.(ts|tsx|json)$/.test(entry.name) && !/_test\.tsx?$/.test(entry.name)) {
        files.push(path);
      }
    }
  }
  for (const dir of ["core", "monitors", "plugins"]) await walk(dir);
  return files;
}

/** The lines of `text` that are code, not comments. */
function codeLines(text: string): Array<[number, string]> {
  return text.split("\n").map((line, i) => [i + 1, line] as [number, string])
    .filter(([, line]) => !/^\s*(\/\/|\*|\/\*)/.test(line));
}

Deno.test("DOC_TOPICS names exactly the guides in docs/", async () => {
  const files: string[] = [];
  for await (const entry of Deno.readDir(new URL("docs", root))) {
    if (entry.name.endsWith(".md")) files.push(entry.name.slice(0, -3));
  }
  assert.deepEqual([...DOC_TOPICS].sort(), files.sort());
});

Deno.test("readGuide() reads each guide from beside the running module", async () => {
  for (const topic of DOC_TOPICS) {
    const text = await readGuide(topic);
    assert.ok(text?.startsWith("# "), `${topic}: ${text?.slice(0, 40)}`);
    assert.ok(guideLocation(topic).endsWith(`/docs/${topic}.md`));
  }
});

Deno.test("no message Flux prints points to a docs/ file, and every 'flux help X' names a guide or command", async () => {
  const commands = new Set([
    "wf",
    "workflow",
    "session",
    "tests",
    "watch",
    "ask",
    "plugins",
    "doctor",
  ]);
  const bad: string[] = [];
  for (const file of await shippedSources()) {
    const text = await Deno.readTextFile(new URL(file, root));
    for (const [line, code] of codeLines(text)) {
      // "see docs/ai.md" is the mistake; "../docs/doc_topics.ts" and "../../docs/${topic}.md" are paths
      if (/(^|[^/\w.])docs\//.test(code)) bad.push(`${file}:${line}: ${code.trim()}`);
      for (const [, word] of code.matchAll(/flux help ([a-z]+)/g)) {
        if (word !== undefined && !isDocTopic(word) && !commands.has(word)) {
          bad.push(`${file}:${line}: flux help ${word} is no guide`);
        }
      }
    }
  }
  assert.deepEqual(bad, []);
});
