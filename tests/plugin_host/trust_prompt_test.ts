/** `flux plugins trust NAME` on a real terminal (a pty from `script`): shows what it may do and asks. */
import assert from "node:assert/strict";
import { makeProject } from "./_helpers.ts";

const MAIN = `${import.meta.dirname}/../../main.ts`;
const hasScript = (() => {
  try {
    return Deno.statSync("/usr/bin/script").isFile;
  } catch {
    return false;
  }
})();

async function trustOnTerminal(project: string, answer: string) {
  const command =
    `${Deno.execPath()} run -A --quiet ${MAIN} --project ${project} plugins trust spawns`;
  const child = new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let screen = "";
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const writer = child.stdin.getWriter();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    screen += value;
    if (screen.includes("[y/N]")) {
      await writer.write(new TextEncoder().encode(`${answer}\n`));
      await writer.close();
      break;
    }
  }
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    screen += value;
  }
  await child.stderr.cancel();
  return { code: (await child.status).code, screen };
}

Deno.test({
  name:
    "flux plugins trust asks on a terminal, showing which programs it may run and how (needs script)",
  ignore: !hasScript,
  async fn() {
    const temp = await makeProject(["spawns"]);
    try {
      const no = await trustOnTerminal(temp.project, "n");
      assert.equal(no.code, 1);
      assert.match(no.screen, /Plugin "spawns" \(.*\) asks to:/);
      assert.match(
        no.screen,
        /- can run only "true", (started by Flux in the OS sandbox: writing nowhere|but no OS sandbox)/,
      );
      assert.ok(!no.screen.includes("can run any program"), no.screen);
      assert.match(no.screen, /Plugin "spawns" was not trusted/);

      const yes = await trustOnTerminal(temp.project, "y");
      assert.equal(yes.code, 0, yes.screen);
      assert.match(yes.screen, /Trusted plugin "spawns" \(pinned to [0-9a-f]{12}\)/);

      const manifest = `${temp.project}/.flux/plugins/spawns/plugin.json`;
      const json = JSON.parse(await Deno.readTextFile(manifest));
      json.permissions.run = ["true", "sh"];
      await Deno.writeTextFile(manifest, JSON.stringify(json));
      const again = await trustOnTerminal(temp.project, "n");
      assert.match(
        again.screen,
        /Plugin "spawns" changed since you trusted it: its permissions changed/,
      );
      assert.match(again.screen, /can run only "true", "sh", /);
    } finally {
      await temp.cleanup();
    }
  },
});
