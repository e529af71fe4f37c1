/** askQuestion() against a real model server: context in, answer streamed, messages recorded, key kept out. */
import assert from "node:assert/strict";
import { askQuestion } from "../../core/ai/ask_question.ts";
import { NoModelError } from "../../core/ai/no_model_error.ts";
import { ModelError } from "../../core/ai/model_error.ts";
import { SessionManager } from "../../core/session/session_manager.ts";
import { EventType } from "../../core/session/event_type.ts";
import {
  anthropicStreamEvents,
  errorReply,
  openAiStreamEvents,
  type SeenRequest,
  sse,
  startModelServer,
} from "./_model_server.ts";
import { projectWithSession, sessionDbBytes } from "./_project.ts";

const KEY = "sk-test-QUESTIONKEY0123456789abcdef";

interface Body {
  model: string;
  system?: string;
  messages: { role: string; content: string }[];
}

function systemOf(seen: SeenRequest): string {
  const body = seen.body as Body;
  return body.system ?? body.messages.find((m) => m.role === "system")?.content ?? "";
}

for (const protocol of ["openai", "anthropic"] as const) {
  Deno.test(`askQuestion() over ${protocol} sends the session context and model, records both messages`, async () => {
    const dir = await projectWithSession();
    const events = protocol === "openai" ? openAiStreamEvents : anthropicStreamEvents;
    const server = startModelServer(() => sse(events(["validate_token ", "was renamed."])));
    try {
      const env = {
        FLUX_PROVIDER: protocol,
        FLUX_MODEL: `${protocol}-model-7`,
        FLUX_BASE_URL: server.url,
        FLUX_API_KEY: KEY,
      };
      const chunks: string[] = [];
      const result = await askQuestion(dir, `why are the tests failing? my key is ${KEY}`, {
        env,
        onChunk: (c) => chunks.push(c),
      });
      assert.deepEqual(chunks, ["validate_token ", "was renamed."]);
      assert.equal(result.answer, "validate_token was renamed.");
      assert.equal(result.model, `${protocol}-model-7`);

      const seen = server.requests[0]!;
      assert.equal((seen.body as Body).model, `${protocol}-model-7`);
      const system = systemOf(seen);
      for (
        const part of ["Debugging login authentication", "auth.py", "validate_token", '"failed":3']
      ) {
        assert.ok(system.includes(part), `context has ${part}: ${system}`);
      }
      assert.equal(
        protocol === "openai" ? seen.headers.authorization : seen.headers["x-api-key"],
        protocol === "openai" ? `Bearer ${KEY}` : KEY,
      );

      const sessions = new SessionManager(dir);
      try {
        const messages = sessions.recentEvents({ types: [EventType.MESSAGE] }).map((e) => e.data);
        assert.equal(messages.length, 2);
        assert.equal(messages[0]!.role, "user");
        assert.match(
          String(messages[0]!.content),
          /^why are the tests failing\? my key is \[REDACTED\]$/,
        );
        assert.deepEqual(messages[1], {
          role: "assistant",
          content: "validate_token was renamed.",
          model: `${protocol}-model-7`,
        });
      } finally {
        sessions.close();
      }
      assert.ok(!(await sessionDbBytes(dir)).includes(KEY), "the key is not in sessions.db");
    } finally {
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("askQuestion() sends earlier questions and answers, even from an earlier session", async () => {
  const dir = await projectWithSession();
  let turn = 0;
  const server = startModelServer(() => sse(openAiStreamEvents([`answer ${++turn}`])));
  try {
    const env = { FLUX_MODEL: "m", FLUX_BASE_URL: server.url };
    await askQuestion(dir, "first question", { env });
    const later = new SessionManager(dir);
    try {
      later.startNewSession(); // a later session of the same project
      await askQuestion(later, "second question", { env });
    } finally {
      later.close();
    }
    const messages = (server.requests[1]!.body as Body).messages.filter((m) => m.role !== "system");
    assert.deepEqual(messages, [
      { role: "user", content: "first question" },
      { role: "assistant", content: "answer 1" },
      { role: "user", content: "second question" },
    ]);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("askQuestion() sends earlier messages once, as turns, not again as context activity", async () => {
  const dir = await projectWithSession();
  const server = startModelServer(() => sse(openAiStreamEvents(["the first answer"])));
  try {
    const env = { FLUX_MODEL: "m", FLUX_BASE_URL: server.url };
    await askQuestion(dir, "the first question", { env });
    await askQuestion(dir, "the second question", { env });
    const system = systemOf(server.requests[1]!);
    assert.match(system, /Debugging login authentication/);
    assert.match(system, /auth\.py/, "other activity is still there");
    assert.ok(!system.includes("the first question"), system);
    assert.ok(!system.includes("the first answer"), system);
    const turns = (server.requests[1]!.body as Body).messages.filter((m) => m.role !== "system");
    assert.equal(turns.length, 3);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("askQuestion() keeps the question and throws one line when the model fails", async () => {
  const dir = await projectWithSession();
  const server = startModelServer(() => errorReply(401, "bad key"));
  try {
    const env = { FLUX_MODEL: "m", FLUX_BASE_URL: server.url, FLUX_API_KEY: KEY };
    await assert.rejects(() => askQuestion(dir, "why?", { env }), (e: unknown) => {
      assert.ok(e instanceof ModelError);
      assert.equal(
        e.message,
        `Model request failed: 401 Unauthorized from ${server.url} (bad key): check FLUX_API_KEY`,
      );
      return true;
    });
    const sessions = new SessionManager(dir);
    try {
      const roles = sessions.recentEvents({ types: [EventType.MESSAGE] }).map((e) => e.data.role);
      assert.deepEqual(roles, ["user"]);
    } finally {
      sessions.close();
    }
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("askQuestion() throws NoModelError with setup help when no model is configured", async () => {
  const dir = await projectWithSession();
  try {
    await assert.rejects(() => askQuestion(dir, "why?", { env: {} }), (e: unknown) => {
      assert.ok(e instanceof NoModelError);
      assert.match(e.message, /No model is configured.*FLUX_MODEL.*flux help ai/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("askQuestion() in incognito mode reads the project's context and history, writes nothing", async () => {
  const dir = await projectWithSession();
  const server = startModelServer(() => sse(openAiStreamEvents(["private answer"])));
  try {
    const env = { FLUX_MODEL: "m", FLUX_BASE_URL: server.url };
    await askQuestion(dir, "recorded question", { env });
    const before = await sessionDbBytes(dir);
    const files = () => [...Deno.readDirSync(`${dir}/.flux`)].map((e) => e.name).sort();
    const filesBefore = files();
    await askQuestion(dir, "incognito question", { env, incognito: true });
    const seen = server.requests[1]!;
    assert.match(systemOf(seen), /Debugging login authentication/);
    const turns = (seen.body as Body).messages.filter((m) => m.role !== "system");
    assert.deepEqual(turns.map((m) => m.content), [
      "recorded question",
      "private answer",
      "incognito question",
    ]);
    assert.equal(await sessionDbBytes(dir), before, "the store's bytes are untouched");
    assert.deepEqual(files(), filesBefore);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("askQuestion() in incognito mode creates no store in a project without one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flux-ai-" });
  const server = startModelServer(() => sse(openAiStreamEvents(["ok"])));
  try {
    const env = { FLUX_MODEL: "m", FLUX_BASE_URL: server.url };
    assert.equal((await askQuestion(dir, "hi", { env, incognito: true })).answer, "ok");
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("askQuestion() in incognito mode leaves no message in the project's database", async () => {
  const dir = await projectWithSession();
  const server = startModelServer(() => sse(openAiStreamEvents(["ok"])));
  try {
    const env = { FLUX_MODEL: "m", FLUX_BASE_URL: server.url };
    const result = await askQuestion(dir, "a private question", { env, incognito: true });
    assert.equal(result.answer, "ok");
    assert.ok(!(await sessionDbBytes(dir)).includes("a private question"));
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
