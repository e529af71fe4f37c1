/**
 * `flux_run_workflow` gating and progress, in-process through the SDK's in-memory transport with the trust
 * decision given to the server (tests/mcp/run_workflow_cli_test.ts does it through the process with a real
 * grant); the workflow, its processes and the store are real.
 */
import assert from "node:assert/strict";
import { Client, InMemoryTransport } from "../../core/deps/mcp.ts";
import { FluxMcpServer } from "../../core/mcp/flux_mcp_server.ts";
import type { TrustCheck } from "../../core/mcp/workspace_trust.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { makeProject, resultText } from "./_mcp_helpers.ts";

const WORKFLOWS = `check:
  description: two steps that print
  steps:
    - name: first
      step_type: command
      command: echo one
    - name: second
      step_type: command
      command: echo "two TOKEN=s3cr3t-value-99"
`;

const trusted: TrustCheck = () => Promise.resolve({ trusted: true, reason: "" });
const untrusted: TrustCheck = () =>
  Promise.resolve({ trusted: false, reason: "not trusted in this test" });

async function connect(dir: string, trust: TrustCheck) {
  const server = new FluxMcpServer(dir, { trust, onWarning: () => {} });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "flux-test-agent", version: "1.0.0" });
  await client.connect(clientSide);
  return { server, client };
}

async function runCheck(dir: string, trust: TrustCheck) {
  const { server, client } = await connect(dir, trust);
  const progress: string[] = [];
  try {
    const result = await client.callTool(
      { name: "flux_run_workflow", arguments: { name: "check" } },
      undefined,
      {
        onprogress: (p: { message?: string }) => void progress.push(p.message ?? ""),
      },
    );
    return { text: resultText(result), isError: result.isError === true, progress };
  } finally {
    await client.close();
    await server.close();
  }
}

Deno.test("flux_run_workflow is refused without trust, without allow_run, and runs with both, progress as notifications", async () => {
  const dir = await makeProject({ ".flux/workflows.yaml": WORKFLOWS });
  try {
    let run = await runCheck(dir, trusted);
    assert.equal(run.isError, true);
    assert.match(
      run.text,
      /the user has not allowed it: they can set `mcp: \{ allow_run: true \}`/,
    );
    assert.doesNotMatch(run.text, /not trusted/);

    await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "mcp:\n  allow_run: true\n");
    run = await runCheck(dir, untrusted);
    assert.equal(run.isError, true);
    assert.match(
      run.text,
      /^flux_run_workflow refused: the project is not trusted \(not trusted in this test\)/,
    );
    assert.deepEqual(run.progress, []);

    run = await runCheck(dir, trusted);
    assert.equal(run.isError, false, run.text);
    const result = JSON.parse(run.text);
    assert.equal(result.status, "success");
    assert.deepEqual(result.steps.map((s: { name: string }) => s.name), ["first", "second"]);
    assert.match(result.steps[1].output_tail, /two TOKEN=\[REDACTED\]/);
    assert.ok(!run.text.includes("s3cr3t-value-99"));
    assert.deepEqual(run.progress, [
      'step 1/2 "first" running',
      run.progress[1],
      'step 2/2 "second" running',
      run.progress[3],
    ]);
    assert.match(run.progress[1] ?? "", /^step 1\/2 "first" success in \d+\.\ds$/);
    assert.match(run.progress[3] ?? "", /^step 2\/2 "second" success in \d+\.\ds$/);

    const sessions = new SessionManager(dir);
    const [recorded] = sessions.recentEvents({
      session: "all",
      types: [EventType.WORKFLOW],
      limit: 1,
    });
    sessions.close();
    assert.equal(recorded?.data.workflow, "check");
    assert.equal(recorded?.data.source, "agent");
    assert.equal(recorded?.data.agent, "flux-test-agent");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a malformed mcp section is one line naming the file and the fix", async () => {
  const dir = await makeProject({ ".flux/config.yaml": "mcp:\n  allow_run: yes please\n" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        `${import.meta.dirname}/../../main.ts`,
        "--project",
        dir,
        "mcp",
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 2);
    assert.equal(
      new TextDecoder().decode(out.stderr),
      `flux: ${dir}/.flux/config.yaml:2:1 mcp.allow_run must be true or false\n`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
