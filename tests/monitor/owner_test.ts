/**
 * One set of monitors per project, across real processes: the first owns, the others attach over
 * `.flux/owner.sock`; a stopped or SIGKILLed owner is replaced by a client, which starts from the states it
 * was streamed; processes started at the same moment never both own.
 */
import assert from "node:assert/strict";
import { REPO, until } from "./_helpers.ts";
import { connectOwner } from "../../core/monitor/owner/connect_owner.ts";
import { OWNER_PROTOCOL } from "../../core/monitor/owner/owner_protocol.ts";

type Line = Record<string, unknown>;

/** `_owner_process.ts` as a real subprocess; its stdout lines parsed as they come. */
function spawnOwner(dir: string, command: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `${REPO}/tests/monitor/_owner_process.ts`, dir, command],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: Line[] = [];
  const read = (async () => {
    let buf = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        lines.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    }
  })();
  const stderr = new Response(child.stderr).text();
  const writer = child.stdin.getWriter();
  return {
    child,
    lines,
    role: () => lines.filter((l) => l.role).at(-1)?.role,
    states: () =>
      lines.flatMap((l) => {
        const u = l.update as { type?: string; event?: { kind?: string; to?: string } } | undefined;
        return u?.type === "event" ? [`${u.event?.kind}:${u.event?.to}`] : [];
      }),
    send: (text: string) => writer.write(new TextEncoder().encode(`${text}\n`)),
    async end() {
      try {
        child.kill("SIGKILL");
      } catch {
        // gone already
      }
      await child.status;
      await writer.close().catch(() => {});
      await read.catch(() => {});
      return await stderr;
    },
  };
}

async function project(): Promise<string> {
  return await Deno.realPath(await Deno.makeTempDir({ prefix: "flux-owner-" }));
}

Deno.test("a second process attaches to the owner, sees its states, and takes over when it stops", async () => {
  const dir = await project();
  const a = spawnOwner(dir, "first");
  let b: ReturnType<typeof spawnOwner> | undefined;
  try {
    await until(() => a.role() === "owner", "the first process to own");
    await a.send("emit ok");
    await until(() => a.states().includes("state:ok"), "the owner's own state");
    b = spawnOwner(dir, "second");
    await until(() => b!.role() === "client", "the second process to attach");
    await until(() => b!.states().includes("state:ok"), "the snapshot's state");
    const mode = (await Deno.lstat(`${dir}/.flux/owner.sock`)).mode! & 0o777;
    assert.equal(mode, 0o600);

    await a.send("emit fail");
    await until(() => b!.states().includes("state_change:fail"), "the streamed transition");

    const status = await connectOwner(dir, "status", "flux status");
    assert.equal(status.kind, "attached");
    if (status.kind === "attached") {
      status.channel.close();
      assert.equal(status.welcome.owner.pid, a.child.pid);
      assert.equal(status.welcome.owner.command, "first");
      assert.deepEqual(status.welcome.clients.map((c) => [c.pid, c.command]), [[
        b.child.pid,
        "second",
      ]]);
    }

    await a.send("stop");
    assert.equal((await a.child.status).code, 0);
    await until(() => b!.role() === "owner", "the client to take over");
    const started = b.lines.find((l) => l.started) as { known: Record<string, { status: string }> };
    assert.equal(started.known.tests?.status, "fail", "the new owner starts from the last state");
    assert.equal(b.lines.find((l) => l.role === "owner")?.takeover, true);
  } finally {
    await a.end();
    await b?.end();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an owner killed with SIGKILL leaves a stale socket that the client replaces", async () => {
  const dir = await project();
  const a = spawnOwner(dir, "first");
  const b = spawnOwner(dir, "second");
  try {
    await until(() => a.role() !== undefined && b.role() !== undefined, "both processes to settle");
    const [owner, client] = a.role() === "owner" ? [a, b] : [b, a];
    assert.equal(client.role(), "client");
    await owner.send("emit fail");
    await until(() => client.states().includes("state:fail"), "the client to see the state");
    owner.child.kill("SIGKILL");
    await owner.child.status;
    await until(() => client.role() === "owner", "the client to take over");
    assert.ok((await Deno.lstat(`${dir}/.flux/owner.sock`)).isSocket);
    const started = client.lines.find((l) => l.started) as {
      known: Record<string, { status: string }>;
    };
    assert.equal(started.known.tests?.status, "fail");

    // A third process started now attaches to the new owner, not to the dead one.
    const c = spawnOwner(dir, "third");
    try {
      await until(() => c.role() === "client", "a new process to attach");
      await client.send("emit ok");
      await until(() => c.states().includes("state_change:ok"), "the new owner's transition");
    } finally {
      await c.end();
    }
  } finally {
    await a.end();
    await b.end();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a stale socket file with no process behind it is replaced by the next process", async () => {
  const dir = await project();
  await Deno.mkdir(`${dir}/.flux`);
  // What a SIGKILLed owner leaves: a socket file nobody listens on.
  const dead = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `Deno.listen({ transport: "unix", path: ${JSON.stringify(`${dir}/.flux/owner.sock`)} });` +
      `Deno.kill(Deno.pid, "SIGKILL");`,
    ],
  });
  await dead.output();
  assert.ok((await Deno.lstat(`${dir}/.flux/owner.sock`)).isSocket, "the stale socket is there");
  assert.equal((await connectOwner(dir, "status", "flux status")).kind, "none");
  const a = spawnOwner(dir, "first");
  try {
    await until(() => a.role() === "owner", "the process to own despite the stale socket");
    const status = await connectOwner(dir, "status", "flux status");
    assert.equal(status.kind, "attached");
    if (status.kind === "attached") status.channel.close();
  } finally {
    await a.end();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("processes started at the same moment: exactly one owns, the others attach", async () => {
  const dir = await project();
  const all = Array.from({ length: 5 }, (_, i) => spawnOwner(dir, `p${i}`));
  try {
    await until(() => all.every((p) => p.role() !== undefined), "every process to settle");
    const owners = all.filter((p) => p.role() === "owner");
    assert.equal(owners.length, 1, `roles: ${all.map((p) => p.role()).join(", ")}`);
    await owners[0]!.send("emit ok");
    for (const p of all) {
      await until(() => p.states().includes("state:ok"), "every process's state");
    }
  } finally {
    for (const p of all) await p.end();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an owner refuses a client of another protocol version with a sentence saying what to do", async () => {
  const dir = await project();
  const a = spawnOwner(dir, "first");
  try {
    await until(() => a.role() === "owner", "the process to own");
    const conn = await Deno.connect({ transport: "unix", path: `${dir}/.flux/owner.sock` });
    const hello = {
      type: "hello",
      protocol: OWNER_PROTOCOL + 1,
      role: "client",
      pid: 1,
      command: "x",
    };
    await conn.write(new TextEncoder().encode(`${JSON.stringify(hello)}\n`));
    const reply = await new Response(conn.readable).text();
    const message = JSON.parse(reply.trim());
    assert.equal(message.type, "refused");
    assert.match(message.message, new RegExp(`run by Flux process ${a.child.pid}`));
    assert.match(message.message, /stop that process \(see flux status\)/);
  } finally {
    await a.end();
    await Deno.remove(dir, { recursive: true });
  }
});

async function fluxStatus(dir: string, ...extra: string[]): Promise<{ code: number; out: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", `${REPO}/deno.json`, `${REPO}/main.ts`]
      .concat(["--project", dir, "status", ...extra]),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, out: text };
}

Deno.test("flux status shows the owner, its clients and the live states; --json says the same", async () => {
  const dir = await project();
  const a = spawnOwner(dir, "flux watch");
  let b: ReturnType<typeof spawnOwner> | undefined;
  try {
    await until(() => a.role() === "owner", "the first process to own");
    b = spawnOwner(dir, "flux (TUI)");
    await a.send("emit fail");
    await until(() => b!.role() === "client" && b!.states().includes("state:fail"), "the client");
    const json = await fluxStatus(dir, "--json");
    assert.equal(json.code, 0, json.out);
    const status = JSON.parse(json.out);
    assert.equal(status.owner.pid, a.child.pid);
    assert.equal(status.owner.command, "flux watch");
    assert.deepEqual(status.clients.map((c: { pid: number }) => c.pid), [b.child.pid]);
    assert.equal(status.statesFrom, "owner");
    assert.deepEqual(
      status.monitors.map((m: { name: string; state: string }) => [m.name, m.state]),
      [["tests", "fail"]],
    );
    const text = await fluxStatus(dir);
    assert.match(text.out, new RegExp(`Owner: pid ${a.child.pid}, flux watch, since `));
    assert.match(text.out, new RegExp(`Attached: pid ${b.child.pid}, flux \\(TUI\\), since `));
    assert.match(text.out, /tests\s+❌ fail\s+1 failed/);

    // The client first, so that it cannot take over: the owner's socket is the one left behind.
    b.child.kill("SIGKILL");
    await b.child.status;
    a.child.kill("SIGKILL");
    await a.child.status;
    const none = await fluxStatus(dir);
    assert.equal(none.code, 0, none.out);
    assert.match(none.out, /Owner: none/);
    assert.match(none.out, /A socket left by a Flux process that was killed/);
  } finally {
    await a.end();
    await b?.end();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux watch attached to an owner prints the owner's notifications and starts no monitor", async () => {
  const dir = await project();
  const a = spawnOwner(dir, "flux (TUI)");
  const watch = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", `${REPO}/deno.json`, `${REPO}/main.ts`]
      .concat(["--project", dir, "watch"]),
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  });
  let child: Deno.ChildProcess | undefined;
  try {
    await until(() => a.role() === "owner", "the owner");
    await a.send("emit ok");
    child = watch.spawn();
    let out = "";
    let err = "";
    const reading = Promise.all([
      (async () => {
        for await (const t of child!.stdout.pipeThrough(new TextDecoderStream())) out += t;
      })(),
      (async () => {
        for await (const t of child!.stderr.pipeThrough(new TextDecoderStream())) err += t;
      })(),
    ]);
    await until(
      () => /attached to the monitors .* run by pid \d+ \(flux \(TUI\)\)/.test(err),
      "attach",
    );
    await a.send("notify");
    await until(() => out.includes("Tests are now failing!"), "the notification on stdout");
    assert.match(out, /Failed tests:\n {2}• test_add - assert -1 == 3/);
    child.kill("SIGINT");
    assert.equal((await child.status).code, 0);
    await reading;
    assert.doesNotMatch(err, /running them here now/, "the owner was never replaced");
    assert.equal(a.role(), "owner");
  } finally {
    try {
      child?.kill("SIGKILL");
    } catch {
      // exited already
    }
    await child?.status;
    await a.end();
    await Deno.remove(dir, { recursive: true });
  }
});
