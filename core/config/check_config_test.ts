import assert from "node:assert/strict";
import { checkConfig } from "./check_config.ts";
import { parseConfigText } from "./load_config.ts";
import { didYouMean } from "./did_you_mean.ts";

const VOCABULARY = {
  monitors: ["tests", "build", "lint", "git", "file_changes", "disk"],
  tools: ["pytest", "ruff", "deno_test", "eslint"],
};

async function problems(text: string): Promise<string[]> {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/config.yaml`;
    await Deno.writeTextFile(file, text);
    const config = { file, exists: true, raw: parseConfigText(text, file) };
    return checkConfig(config, VOCABULARY).map((e) => e.message.slice(file.length + 1));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("checkConfig() lists every problem of the file with its line, column and a did-you-mean", async () => {
  assert.deepEqual(
    await problems(
      "monitors:\n  cooldwn: 5\n  enabled: [tests, lnt]\n  tests:\n    intervl: 3\n    tool: pytst\n" +
        "  tsts:\n    interval: 2\nnotfy:\n  slack: {}\n",
    ),
    [
      '2:3 Unknown monitor or setting "monitors.cooldwn": did you mean "monitors.cooldown"?',
      '3:20 Unknown monitor "lnt" in monitors.enabled: did you mean "lint"?',
      '5:5 Unknown setting "monitors.tests.intervl": did you mean "interval"?',
      '6:11 Unknown tool "pytst" in monitors.tests.tool: did you mean "pytest"?',
      '7:3 Unknown monitor or setting "monitors.tsts": did you mean "monitors.tests"?',
      '9:1 Unknown section "notfy": did you mean "notify"?',
    ],
  );
});

Deno.test("checkConfig() accepts a valid config, plugin monitors and their own options", async () => {
  assert.deepEqual(
    await problems(
      "monitors:\n  cooldown: 5\n  enabled: [tests, disk]\n  disk:\n    threshold: 90\n" +
        "  tests:\n    command: pytest -q\n    tool: pytest\nnotify:\n  desktop: true\n",
    ),
    [],
  );
});

Deno.test("checkConfig() says where workflows live when config.yaml has a workflows: section", async () => {
  assert.deepEqual(
    await problems("notify:\n  desktop: true\nworkflows:\n  build:\n    steps: []\n"),
    [
      "3:1 Workflows are not read from config.yaml: move them to .flux/workflows.yaml (flux help workflows)",
    ],
  );
});

Deno.test("checkConfig() names the choices when nothing is close", async () => {
  assert.deepEqual(await problems("monitors:\n  enabled: [coverage]\n"), [
    '2:13 Unknown monitor "coverage" in monitors.enabled: use tests, build, lint, git, file_changes, disk',
  ]);
});

Deno.test("didYouMean() suggests only near misses", () => {
  assert.equal(didYouMean("cooldwn", ["cooldown", "enabled"]), "cooldown");
  assert.equal(didYouMean("intreval", ["interval", "timeout"]), "interval");
  assert.equal(didYouMean("xyz", ["interval", "timeout"]), undefined);
  assert.equal(didYouMean("threshold", ["interval", "timeout", "on_change"]), undefined);
});
