/**
 * `flux_run_workflow` through the `flux mcp` process, as an agent calls it: refused in a project the user
 * has not trusted, refused again after the workflows were edited, and with trust and `mcp.allow_run: true`
 * it runs, each step's start and end arriving as MCP progress notifications.
 */
import assert from "node:assert/strict";
import { grantWorkspaceTrust } from "../../core/trust/workspace_trust.ts";
import { connectFluxMcp, makeProject, resultText } from "./_mcp_helpers.ts";

const WORKFLOWS = `check:
  steps:
    - name: first
      step_type: command
      command: echo one
    - name: second
      step_type: command
      command: echo two
`;

/**
 * The four progress lines in order. On a loaded machine the SDK client can still drop the last ones (it
 * forgets a request's progress handler when the result arrives in the same read), so what arrived must be
 * a non-empty prefix of them, and the first one always.
 */
function assertProgress(progress: string[]): void {
  const expected = [
    /^step 1\/2 "first" running$/,
    /^step 1\/2 "first" success in \d+\.\ds$/,
    /^step 2\/2 "second" running$/,
    /^step 2\/2 "second" success in \d+\.\ds$/,
  ];
  assert.ok(progress.length >= 1 && progress.length <= 4, progress.join(" | "));
  progress.forEach((line, i) => assert.match(line, expected[i] ?? /^$/));
}

Deno.test("flux mcp runs a workflow only in a trusted project with allow_run, progress as notifications", async () => {
  const dir = await makeProject({
    ".flux/workflows.yaml": WORKFLOWS,
    ".flux/config.yaml": "mcp:\n  allow_run: true\n",
  });
  const home = await Deno.makeTempDir({ prefix: "flux_mcp_config_" });
  const env = { XDG_CONFIG_HOME: home };
  const run = async () => {
    const { client } = await connectFluxMcp(dir, env);
    const progress: string[] = [];
    try {
      const result = await client.callTool(
        { name: "flux_run_workflow", arguments: { name: "check" } },
        undefined,
        { onprogress: (p: { message?: string }) => void progress.push(p.message ?? "") },
      );
      return { text: resultText(result), isError: result.isError === true, progress };
    } finally {
      await client.close();
    }
  };
  try {
    let result = await run();
    assert.equal(result.isError, true);
    assert.match(
      result.text,
      /^flux_run_workflow refused: the project is not trusted \(the user has not trusted it/,
    );
    assert.doesNotMatch(result.text, /allow_run/);

    await grantWorkspaceTrust(dir, { configDir: `${home}/flux` });
    result = await run();
    assert.equal(result.isError, false, result.text);
    assert.equal(JSON.parse(result.text).status, "success");
    assertProgress(result.progress);

    await Deno.writeTextFile(
      `${dir}/.flux/workflows.yaml`,
      WORKFLOWS.replace("echo two", "echo 2"),
    );
    result = await run();
    assert.equal(result.isError, true);
    assert.match(result.text, /the project is not trusted \(it changed since the user trusted it/);
    assert.deepEqual(result.progress, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(home, { recursive: true });
  }
});
