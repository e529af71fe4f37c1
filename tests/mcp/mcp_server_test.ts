/**
 * `flux mcp` as an agent sees it: a subprocess driven by the MCP SDK's own client, beside a running
 * `flux watch` on a real Deno project, with secrets planted in the store where the write-time redaction
 * could not catch them.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { ResourceUpdatedNotificationSchema } from "../../core/deps/mcp.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { loadTokenCounter } from "../../core/ai/token_counter.ts";
import {
  childrenOf,
  connectFluxMcp,
  makeProject,
  resultText,
  spawnWatch,
  until,
} from "./_mcp_helpers.ts";

/** A listed tool (the SDK's own types do not resolve under Deno's npm types). */
interface Tool {
  name: string;
  description?: string;
  inputSchema: { type: string; properties?: Record<string, unknown> };
}

const TOOLS = [
  "flux_context",
  "flux_monitors",
  "flux_recent_events",
  "flux_record_note",
  "flux_run_workflow",
  "flux_search",
  "flux_set_task",
  "flux_test_status",
  "flux_workflows",
];
/** Declared in .flux/secrets only after it was recorded; and a token written around the store's redaction. */
const DECLARED = "plantedvalue-7f3a9c";
const TOKEN = "ghp_PLANTEDplantedPLANTEDplanted123456";

const MOD = "export function add(a: number, b: number): number {\n  return a + b;\n}\n";
const MOD_TEST = `import { add } from "./mod.ts";
Deno.test("add adds", () => {
  if (add(1, 2) !== 3) throw new Error("expected 3, got " + add(1, 2));
});
`;

/** Events with the secrets in them, as an older store or a secret declared later leaves them. */
function plantSecrets(dir: string): void {
  const sessions = new SessionManager(dir);
  sessions.startNewSession();
  sessions.setCurrentTask("Make add() handle big numbers");
  sessions.recordEvent(EventType.COMMAND, { command: "deno test mod_test.ts" });
  const id = sessions.currentSession().id;
  sessions.close();
  const db = new DatabaseSync(`${dir}/.flux/sessions.db`);
  const insert = db.prepare(
    "INSERT INTO events (session_id, timestamp, event_type, data) VALUES (?, ?, ?, ?)",
  );
  insert.run(
    id,
    Date.now(),
    "command",
    JSON.stringify({ command: `login --pass ${DECLARED} planted` }),
  );
  insert.run(
    id,
    Date.now(),
    "error",
    JSON.stringify({ message: `push failed with ${TOKEN} planted` }),
  );
  db.close();
  Deno.writeTextFileSync(`${dir}/.flux/secrets`, `${DECLARED}\n`);
}

function assertNoSecret(text: string, where: string): void {
  assert.ok(!text.includes(DECLARED), `${where} leaks the declared secret`);
  assert.ok(!text.includes(TOKEN), `${where} leaks the token`);
}

Deno.test("flux mcp serves every tool and resource to the SDK client, and tells a subscriber when a test breaks under flux watch", async () => {
  const dir = await makeProject({ "deno.json": "{}\n", "mod.ts": MOD, "mod_test.ts": MOD_TEST });
  plantSecrets(dir);
  const watch = spawnWatch(dir);
  const { client, stderr, pid } = await connectFluxMcp(dir);
  try {
    // initialize happened in connect(): the server said who it is and what it can do.
    assert.equal(client.getServerVersion()?.name, "flux");
    assert.equal(client.getServerCapabilities()?.resources?.subscribe, true);

    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t: Tool) => t.name).sort(), TOOLS);
    for (const tool of tools as Tool[]) {
      assert.ok(tool.description && !tool.description.includes("\n"), `${tool.name}: one line`);
      assert.equal(tool.inputSchema.type, "object");
    }
    const context = tools.find((t: Tool) => t.name === "flux_context");
    assert.deepEqual(Object.keys(context?.inputSchema.properties ?? {}), ["max_tokens"]);

    const updates: string[] = [];
    client.setNotificationHandler(
      ResourceUpdatedNotificationSchema,
      (n: { params: { uri: string } }) => {
        updates.push(n.params.uri);
      },
    );
    await client.subscribeResource({ uri: "flux://tests/last" });

    await until(async () => {
      const status = JSON.parse(resultText(await client.callTool({ name: "flux_test_status" })));
      return status.verdict === "ok";
    }, "the first green run under flux watch");
    const seen = updates.length;
    await Deno.writeTextFile(`${dir}/mod.ts`, MOD.replace("a + b", "a - b"));
    await until(() => updates.slice(seen).includes("flux://tests/last"), "a tests/last update");
    await until(async () => {
      const read = await client.readResource({ uri: "flux://tests/last" });
      const text = read.contents[0] && "text" in read.contents[0]
        ? String(read.contents[0].text)
        : "";
      return JSON.parse(text).verdict === "fail";
    }, "the failing verdict in flux://tests/last");

    const results: Record<string, string> = {};
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const result = await client.callTool({ name, arguments: args });
      const text = resultText(result);
      assertNoSecret(text, name);
      results[name] = text;
      return { text, isError: result.isError === true };
    };

    const status = JSON.parse((await call("flux_test_status")).text);
    assert.equal(status.verdict, "fail");
    assert.equal(status.counts.failed, 1);
    assert.match(status.failures[0].name, /add adds/);
    assert.match(status.failures[0].message, /expected 3, got -1/);
    assert.ok(status.last_run.at);

    const monitors = JSON.parse((await call("flux_monitors")).text);
    assert.equal(
      monitors.monitors.find((m: { monitor: string }) => m.monitor === "tests")?.status,
      "fail",
    );

    await call("flux_set_task", { task: "Fix add() after the subtraction slip" });
    await call("flux_record_note", { note: "add() subtracts since the last edit" });

    const tokenizer = await loadTokenCounter(null);
    const ctx = await call("flux_context", { max_tokens: 2000 });
    const parsed = JSON.parse(ctx.text);
    assert.ok(tokenizer.count(ctx.text) <= 2000);
    assert.equal(parsed.budget.tokenizer, "o200k_base");
    assert.equal(parsed.current_task, "Fix add() after the subtraction slip");
    assert.match(parsed.test_status.failures[0].name, /add adds/);
    assert.ok(ctx.text.includes("[REDACTED]"), "the planted secrets were there, masked");

    const recent = JSON.parse((await call("flux_recent_events", { type: "task" })).text);
    const agentTask = recent.events.at(-1);
    assert.equal(agentTask.data.source, "agent");
    assert.equal(agentTask.data.agent, "flux-test-agent");
    const notes = JSON.parse(
      (await call("flux_recent_events", { type: "message", since: "10m" })).text,
    );
    assert.equal(notes.events.at(-1).data.role, "agent");

    const search = JSON.parse((await call("flux_search", { query: "planted" })).text);
    assert.equal(search.hits.length, 2, "both planted events are found");

    const workflows = JSON.parse((await call("flux_workflows")).text);
    assert.ok(workflows.workflows.length > 0, "the built-in templates are listed");

    const run = await call("flux_run_workflow", { name: workflows.workflows[0].name });
    assert.equal(run.isError, true);
    assert.match(run.text, /^flux_run_workflow refused: the project is not trusted/);
    assert.match(run.text, /mcp: \{ allow_run: true \}/);

    assert.deepEqual(Object.keys(results).sort(), TOOLS, "every tool was called");
    // The verdicts came from flux watch: flux mcp ran no test runner, monitor worker or program.
    assert.deepEqual(childrenOf(pid() ?? 0), [], "flux mcp started no process");
    for (const uri of ["flux://session/current", "flux://tests/last"]) {
      const read = await client.readResource({ uri });
      const text = read.contents[0] && "text" in read.contents[0]
        ? String(read.contents[0].text)
        : "";
      assertNoSecret(text, uri);
    }
  } finally {
    await client.close();
    watch.child.kill("SIGTERM");
    await watch.child.status;
    await watch.read.catch(() => {});
    await watch.stderr;
    await Deno.remove(dir, { recursive: true });
  }
  assert.equal(stderr(), "", "flux mcp printed nothing beside the protocol");
});
