/** `flux ask` end to end: a real `deno run main.ts` subprocess against a real model server on 127.0.0.1. */
import assert from "node:assert/strict";
import { runProcess } from "../../core/process/run_process.ts";
import { errorReply, hang, openAiStreamEvents, sse, startModelServer } from "./_model_server.ts";
import { projectWithSession, sessionDbBytes } from "./_project.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { PluginHost } from "../../core/plugin_host/plugin_host.ts";
import { ProactiveMonitor } from "../../core/monitor/proactive_monitor.ts";

const root = new URL("../../", import.meta.url).pathname;
const KEY = "sk-test-CLIKEY0123456789abcdefghij";

/** Variables kept from the test's own environment so deno finds its cache; model settings are not kept. */
const KEEP = ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"];

function keptEnv(): Record<string, string> {
  return Object.fromEntries(
    KEEP.flatMap((name) => {
      const value = Deno.env.get(name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

function flux(args: string[], env: Record<string, string>, onOutput?: (chunk: string) => void) {
  const kept = keptEnv();
  return runProcess(Deno.execPath(), ["run", "-A", "--quiet", `${root}main.ts`, ...args], {
    cwd: root,
    clearEnv: true,
    env: { ...kept, NO_COLOR: "1", ...env },
    timeoutMs: 60_000,
    ...(onOutput
      ? { onOutput: (chunk: string, stream: string) => stream === "stdout" && onOutput(chunk) }
      : {}),
  });
}

Deno.test("flux ask streams the answer to stdout as it arrives and keeps the key out of stderr and the DB", async () => {
  const dir = await projectWithSession();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const server = startModelServer(() =>
    sse(openAiStreamEvents(["First part. ", "Second part."]), gate, 1)
  );
  try {
    let seenFirst = false;
    const result = await flux(
      ["--project", dir, "ask", "why are the tests failing?"],
      { FLUX_MODEL: "cli-model", FLUX_BASE_URL: `${server.url}/v1`, FLUX_API_KEY: KEY },
      (chunk) => {
        // The server holds back the second part until the first is on flux's stdout.
        if (!seenFirst && chunk.includes("First part.")) {
          seenFirst = true;
          open();
        }
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.ok(seenFirst);
    assert.equal(result.stdout, "First part. Second part.\n");
    assert.ok(!result.stderr.includes(KEY));
    const body = server.requests[0]!.body as { model: string; messages: { content: string }[] };
    assert.equal(body.model, "cli-model");
    assert.match(body.messages[0]!.content, /Debugging login authentication/);
    assert.ok(!(await sessionDbBytes(dir)).includes(KEY));
  } finally {
    open();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux ask --json prints the whole answer object", async () => {
  const dir = await projectWithSession();
  const server = startModelServer(() => sse(openAiStreamEvents(["All ", "green."])));
  try {
    const result = await flux(["--project", dir, "ask", "--json", "status?"], {
      FLUX_MODEL: "cli-model",
      FLUX_BASE_URL: server.url,
    });
    assert.equal(result.code, 0, result.stderr);
    const answer = JSON.parse(result.stdout);
    assert.equal(answer.answer, "All green.");
    assert.equal(answer.question, "status?");
    assert.equal(answer.model, "cli-model");
    assert.equal(answer.provider, "openai");
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux ask ends in one line and exit 1 on 401, 429, 500 and a hang, without the key", async () => {
  const dir = await projectWithSession();
  const cases: Array<[string, () => Response | Promise<Response>, RegExp, Record<string, string>]> =
    [
      [
        "401",
        () => errorReply(401, "nope"),
        /401 Unauthorized from http:\/\/127\.0\.0\.1:\d+ \(nope\): check FLUX_API_KEY$/,
        {},
      ],
      [
        "429",
        () => errorReply(429, "slow", { "retry-after": "20" }),
        /429 Too Many Requests .*retry after 20 s$/,
        {},
      ],
      ["500", () => errorReply(500, "down"), /500 Internal Server Error .*try again later$/, {}],
      ["hang", () => hang(), /no answer from http:\/\/127\.0\.0\.1:\d+ within 500 ms/, {}],
    ];
  await Deno.mkdir(`${dir}/.flux`, { recursive: true });
  await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "ai:\n  timeout_ms: 500\n");
  try {
    for (const [what, reply, pattern] of cases) {
      const server = startModelServer(reply);
      try {
        const result = await flux(["--project", dir, "ask", "why?"], {
          FLUX_MODEL: "m",
          FLUX_BASE_URL: server.url,
          FLUX_API_KEY: KEY,
        });
        assert.equal(result.code, 1, `${what}: ${result.stderr}`);
        const lines = result.stderr.trimEnd().split("\n");
        assert.equal(lines.length, 1, `${what}: one line: ${result.stderr}`);
        assert.match(lines[0]!, /^flux: Model request failed: /);
        assert.match(lines[0]!, pattern);
        assert.ok(!result.stderr.includes(KEY) && !result.stdout.includes(KEY));
      } finally {
        await server.close();
      }
    }
    assert.ok(!(await sessionDbBytes(dir)).includes(KEY));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux ask without a model says what the session knows, how to configure one, and exits 2", async () => {
  const dir = await projectWithSession();
  try {
    const result = await flux(["--project", dir, "ask", "why?"], {});
    assert.equal(result.code, 2);
    assert.equal(
      result.stdout,
      "No model answered: here is what Flux's built-in analyzer knows:\n" +
        "❌ tests: 3 failing of 15 (the session's last test status)\n",
    );
    assert.match(
      result.stderr,
      /^flux: No model is configured, so Flux cannot answer questions yet\. Set FLUX_MODEL/,
    );
    assert.equal(result.stderr.trimEnd().split("\n").length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux ask without a model answers from the last monitor results read by the built-in analyzer", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux-ask-known-" });
  await Deno.writeTextFile(
    `${dir}/codec.py`,
    "def bytes_to_int(data):\n    return len(data)\n",
  );
  await Deno.writeTextFile(
    `${dir}/test_codec.py`,
    "from codec import bytes_to_int\n\n\ndef test_bytes_to_int():\n" +
      "    assert bytes_to_int(b'\\x00\\x04') == 4\n",
  );
  await Deno.writeTextFile(`${dir}/conftest.py`, "");
  const host = new PluginHost(dir);
  const sessions = new SessionManager(dir);
  const monitor = new ProactiveMonitor(dir, { host, session: sessions });
  try {
    const failed = Promise.withResolvers<void>();
    monitor.addNotificationCallback((_text, n) => {
      if (n.monitor === "tests") failed.resolve();
    });
    monitor.enableMonitor("tests", { interval: 0, strategy: "full" });
    await monitor.start();
    await failed.promise;
  } finally {
    await monitor.stop();
    await host.close();
    sessions.close();
  }
  try {
    const result = await flux(["--project", dir, "ask", "why do the tests fail?"], {});
    assert.equal(result.code, 2, result.stderr);
    const lines = result.stdout.trimEnd().split("\n");
    assert.equal(lines[0], "No model answered: here is what Flux's built-in analyzer knows:");
    assert.match(lines[1]!, /^❌ tests: .*1 failed.* \(failing since /);
    assert.match(result.stdout, /\n {3}test_codec.py::test_bytes_to_int: expected 4, got 2\n/);
    assert.doesNotMatch(result.stdout, /\bAI\b/, "no model spoke");
    assert.match(result.stderr, /^flux: No model is configured.*flux help ai/);
    assert.equal(result.stderr.trimEnd().split("\n").length, 1);

    const json = JSON.parse((await flux(["--project", dir, "ask", "--json", "why?"], {})).stdout);
    assert.equal(json.source, "built-in analyzer");
    assert.equal(json.model, null);
    assert.match(json.answer, /expected 4, got 2/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux ask with idle_timeout_ms shows the partial answer, one line, and records it interrupted", async () => {
  const dir = await projectWithSession();
  const gate = Promise.withResolvers<void>();
  const server = startModelServer(() =>
    sse(openAiStreamEvents(["The import ", "moved."]), gate.promise, 1)
  );
  await Deno.writeTextFile(
    `${dir}/.flux/config.yaml`,
    "ai:\n  timeout_ms: 60000\n  idle_timeout_ms: 1000\n",
  );
  try {
    const result = await flux(["--project", dir, "ask", "why?"], {
      FLUX_MODEL: "m",
      FLUX_BASE_URL: server.url,
      FLUX_API_KEY: KEY,
    });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, "The import \n");
    const lines = result.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0]!,
      /^flux: Model request failed: .* sent nothing more for 1000 ms: .*idle_timeout_ms$/,
    );
    const bytes = await sessionDbBytes(dir);
    assert.ok(!bytes.includes(KEY));
    const sessions = new SessionManager(dir);
    try {
      const last = sessions.recentEvents({ types: [EventType.MESSAGE] }).at(-1)?.data;
      assert.equal(last?.content, "The import ");
      assert.equal(last?.interrupted, true);
    } finally {
      sessions.close();
    }
  } finally {
    gate.resolve();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flux ask whose reader goes away (| head) stops quietly with exit 0", async () => {
  const dir = await projectWithSession();
  const gate = Promise.withResolvers<void>();
  const server = startModelServer(() =>
    sse(openAiStreamEvents(["first ", "second"]), gate.promise, 1)
  );
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", `${root}main.ts`, "--project", dir, "ask", "why?"],
      cwd: root,
      clearEnv: true,
      env: { ...keptEnv(), NO_COLOR: "1", FLUX_MODEL: "m", FLUX_BASE_URL: server.url },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.getReader();
    const first = await reader.read();
    assert.match(new TextDecoder().decode(first.value), /^first /);
    await reader.cancel(); // like `head` exiting: the pipe's read end closes
    gate.resolve(); // the next write hits the closed pipe
    const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
    assert.equal(stderr, "");
    assert.equal(status.code, 0);
  } finally {
    gate.resolve();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
