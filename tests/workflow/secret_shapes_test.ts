/**
 * Every secret shape a step can print is masked everywhere text leaves Flux: the terminal, `--json`, the
 * session store, the webhook outbox and the webhook POST (a real HTTP server on 127.0.0.1). The secrets
 * are undeclared: they are recognised by shape, or as values of secret-named variables handed to steps.
 */
import { assert, assertEquals } from "./_assert.ts";
import { FLUX_ROOT, makeProject } from "./_helpers.ts";

const AWS = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SECRETS = [
  AWS,
  "pw-flag-value1",
  "mysqlpw99",
  "json pass word",
  "jsonapikey123",
  "exported-pass1",
  "envonlyvalue77",
  "MIIEpAIBAAKCAQEA7bodyline",
  "secondbodyline0",
];
const PRINTS = [
  `aws_secret_access_key = ${AWS}`,
  "deploy --password pw-flag-value1 --user bob",
  "mysql -u root -pmysqlpw99 shop",
  `{"password": "json pass word", "api_key": "jsonapikey123"}`,
  "export DB_PASS=exported-pass1",
  // A bare value: only known because the step got it in a secret-named variable.
  "connecting with $SERVICE_TOKEN",
  "-----BEGIN RSA PRIVATE KEY-----",
  "MIIEpAIBAAKCAQEA7bodyline",
  "secondbodyline0",
  "-----END RSA PRIVATE KEY-----",
  "visible-marker",
];

Deno.test("secret shapes in step output are masked in the terminal, --json, the store and the webhook", async () => {
  const bodies: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    bodies.push(await req.text());
    return new Response("ok");
  });
  const script = PRINTS.map((l) => `echo '${l.replace("$SERVICE_TOKEN", "'\"$SERVICE_TOKEN\"'")}'`)
    .join("\n");
  const dir = await makeProject({
    "print.sh": `#!/bin/sh\n${script}\n`,
    ".flux/config.yaml":
      `notify:\n  terminal: false\n  slack:\n    webhook_url: "http://127.0.0.1:${server.addr.port}/hook"\n`,
    ".flux/workflows.yaml": `leak:
  env:
    SERVICE_TOKEN: envonlyvalue77
  steps:
    - name: print
      step_type: command
      command: ./print.sh
    - name: tell
      step_type: notify
      params:
        message: "{prev_step_result}"
`,
  });
  try {
    const outputs: string[] = [];
    for (const extra of [[], ["--json"]]) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--quiet",
          `${FLUX_ROOT}/main.ts`,
          "--project",
          dir,
          "wf",
          "run",
          "leak",
          ...extra,
        ],
        env: { NO_COLOR: "1" },
      }).output();
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assertEquals(out.code, 0, text);
      assert(text.includes("visible-marker"), text);
      outputs.push(text);
    }
    const deadline = performance.now() + 30_000;
    while (bodies.length < 2 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assertEquals(bodies.length, 2, "both runs posted the notification");
    assert(bodies[0]!.includes("visible-marker"), bodies[0]);
    const stored = await storeText(dir);
    assert(stored.includes("visible-marker"), "the store holds the run");
    const places = {
      terminal: outputs[0]!,
      json: outputs[1]!,
      webhook: bodies.join("\n"),
      store: stored,
    };
    for (const [where, text] of Object.entries(places)) {
      for (const secret of SECRETS) assert(!text.includes(secret), `${where} shows "${secret}"`);
    }
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

/** Every byte Flux wrote in the project's `.flux` folder (store, WAL, outbox; not the user's YAML). */
async function storeText(dir: string): Promise<string> {
  let text = "";
  for await (const entry of Deno.readDir(`${dir}/.flux`)) {
    if (!entry.isFile || entry.name.endsWith(".yaml")) continue;
    text += new TextDecoder().decode(await Deno.readFile(`${dir}/.flux/${entry.name}`));
  }
  return text;
}
