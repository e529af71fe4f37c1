import assert from "node:assert/strict";
import { ProgramBroker, type ProgramPolicy } from "./program_broker.ts";
import type { HostMessage } from "./protocol.ts";

function broker(policy: Partial<ProgramPolicy>) {
  const sent: HostMessage[] = [];
  const full: ProgramPolicy = {
    plugin: "command",
    projectDir: "/nonexistent/project",
    run: ["*"],
    sandbox: undefined,
    mayRequestSandbox: false,
    env: "inherit",
    ...policy,
  };
  return { broker: new ProgramBroker(full, (m) => sent.push(m)), sent };
}

Deno.test("ProgramBroker refuses a program whose step asked for a sandbox that cannot start", async () => {
  const { broker: b, sent } = broker({ mayRequestSandbox: false });
  b.spawn({
    type: "spawn",
    run: 1,
    cmd: "touch",
    args: ["x"],
    options: { sandbox: { write: [], network: false } },
  });
  await b.close();
  assert.equal(sent.length, 1);
  const [answer] = sent;
  assert.equal(answer?.type, "denied");
  assert.match(
    (answer as { reason: string }).reason,
    /^Cannot run "touch" in the OS sandbox that "sandbox:" asks for: /,
  );
});

Deno.test("ProgramBroker refuses sandbox write folders outside the project", async () => {
  const { broker: b, sent } = broker({ mayRequestSandbox: true });
  b.spawn({
    type: "spawn",
    run: 1,
    cmd: "touch",
    args: ["x"],
    options: { sandbox: { write: ["/etc"], network: false } },
  });
  await b.close();
  assert.equal(sent[0]?.type, "denied");
  assert.match(
    (sent[0] as { reason: string }).reason,
    /may not let "touch" write "\/etc": sandbox write folders must be inside the project/,
  );
});
