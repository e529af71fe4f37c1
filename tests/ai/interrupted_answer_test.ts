/** askQuestion() when the answer is cut short: what arrived is recorded, marked interrupted, and sent back. */
import assert from "node:assert/strict";
import { askQuestion } from "../../core/ai/ask_question.ts";
import { ModelError } from "../../core/ai/model_error.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import { openAiStreamEvents, sse, startModelServer } from "./_model_server.ts";
import { projectWithSession, sessionDbBytes } from "./_project.ts";

const KEY = "sk-test-INTERRUPTKEY0123456789abcdef";

interface Body {
  messages: { role: string; content: string }[];
}

Deno.test("askQuestion() records an answer cut short as interrupted and sends it back marked", async () => {
  const dir = await projectWithSession();
  let attempt = 0;
  const server = startModelServer(() => {
    attempt++;
    // First call: two chunks (one echoing the key), then the connection ends without finish/[DONE].
    if (attempt === 1) return sse(openAiStreamEvents(["Partly ", `${KEY} `, "x"]).slice(0, 3));
    return sse(openAiStreamEvents(["done"]));
  });
  try {
    const env = { FLUX_MODEL: "m", FLUX_BASE_URL: server.url, FLUX_API_KEY: KEY };
    const seen: string[] = [];
    await assert.rejects(
      () => askQuestion(dir, "first?", { env, onChunk: (c) => seen.push(c) }),
      (e: unknown) => e instanceof ModelError && /stream ended before/.test(e.message),
    );
    assert.deepEqual(seen, ["Partly ", `${KEY} `]);
    const sessions = new SessionManager(dir);
    try {
      const messages = sessions.recentEvents({ types: [EventType.MESSAGE] }).map((e) => e.data);
      assert.equal(messages.length, 2);
      const partial = messages[1]!;
      assert.equal(partial.role, "assistant");
      assert.equal(partial.interrupted, true);
      assert.match(String(partial.content), /^Partly /);
      assert.match(String(partial.error), /^Model request failed: stream ended before/);
      assert.ok(!JSON.stringify(partial).includes(KEY));
    } finally {
      sessions.close();
    }
    await askQuestion(dir, "go on", { env });
    const history = (server.requests[1]!.body as Body).messages.filter((m) => m.role !== "system");
    assert.equal(history[0]!.content, "first?");
    assert.equal(history[1]!.role, "assistant");
    assert.match(history[1]!.content, /^Partly .*\n\[answer interrupted\]$/s);
    assert.equal(history[2]!.content, "go on");
    assert.ok(!(await sessionDbBytes(dir)).includes(KEY));
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("askQuestion() cancelled mid-answer keeps what arrived, marked interrupted", async () => {
  const dir = await projectWithSession();
  const gate = Promise.withResolvers<void>();
  const server = startModelServer(() =>
    sse(openAiStreamEvents(["Half an ", "answer"]), gate.promise, 1)
  );
  const controller = new AbortController();
  try {
    const env = { FLUX_MODEL: "m", FLUX_BASE_URL: server.url };
    await assert.rejects(
      () =>
        askQuestion(dir, "why?", {
          env,
          signal: controller.signal,
          onChunk: (chunk) => chunk === "Half an " && controller.abort(),
        }),
      (e: unknown) => e instanceof ModelError && e.kind === "aborted",
    );
    const sessions = new SessionManager(dir);
    try {
      const last = sessions.recentEvents({ types: [EventType.MESSAGE] }).at(-1)?.data;
      assert.equal(last?.content, "Half an ");
      assert.equal(last?.interrupted, true);
      assert.match(String(last?.error), /cancelled/);
    } finally {
      sessions.close();
    }
  } finally {
    gate.resolve();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
