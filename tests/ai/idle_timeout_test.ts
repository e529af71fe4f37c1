/**
 * `idleTimeoutMs` (ai.idle_timeout_ms) bounds the wait for the reply to start and the gap between two pieces
 * of it, while `timeoutMs` stays the overall cap: a slow model that keeps streaming finishes, a stalled one
 * fails early with one line. Real servers on 127.0.0.1 that pace their events.
 */
import assert from "node:assert/strict";
import { OpenAiProvider } from "../../core/ai/openai_provider.ts";
import { AnthropicProvider } from "../../core/ai/anthropic_provider.ts";
import { ModelError } from "../../core/ai/model_error.ts";
import type { ModelProvider } from "../../core/ai/model_provider.ts";
import type { ProviderOptions } from "../../core/ai/provider_options.ts";
import {
  anthropicStreamEvents,
  hang,
  openAiJson,
  openAiStreamEvents,
  type Reply,
  sse,
  startModelServer,
} from "./_model_server.ts";

const KEY = "sk-test-IDLEKEY0123456789abcdefghij";
const REQUEST = { system: "s", messages: [{ role: "user" as const, content: "q" }] };

/** An event stream that sends `events` with `gapMs` between them (or forever, repeating the last). */
function paced(events: string[], gapMs: number, stop: AbortSignal, forever = false): Response {
  const encoder = new TextEncoder();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
      if (stop.aborted) return controller.close();
      if (i < events.length) controller.enqueue(encoder.encode(events[i++]!));
      else if (forever) controller.enqueue(encoder.encode(": still thinking\n\n"));
      else controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

async function withServer<T>(reply: Reply, fn: (url: string) => Promise<T>): Promise<T> {
  const server = startModelServer(reply);
  try {
    return await fn(server.url);
  } finally {
    await server.close();
  }
}

function openAi(url: string, extra: Partial<ProviderOptions>): ModelProvider {
  return new OpenAiProvider({ model: "m", baseUrl: url, apiKey: KEY, ...extra });
}

async function streamError(provider: ModelProvider): Promise<ModelError> {
  const error = await Array.fromAsync(provider.stream(REQUEST)).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof ModelError, `expected ModelError, got ${error}`);
  assert.ok(!error.message.includes("\n") && !error.message.includes(KEY), error.message);
  return error;
}

Deno.test("stream() with an idle timeout finishes a slow answer that keeps coming", async () => {
  const stop = new AbortController();
  const parts = ["one ", "two ", "three ", "four ", "five ", "six"];
  try {
    // 7 gaps of 150 ms (about 1 s in all) against an idle limit of 1.5 s per gap.
    const chunks = await withServer(
      () => paced(openAiStreamEvents(parts), 150, stop.signal),
      (url) =>
        Array.fromAsync(
          openAi(url, { timeoutMs: 30_000, idleTimeoutMs: 1_500 }).stream(REQUEST),
        ),
    );
    assert.deepEqual(chunks, parts);
  } finally {
    stop.abort();
  }
});

Deno.test("stream() fails early with one line when the answer stalls mid-stream", async () => {
  const gate = Promise.withResolvers<void>();
  try {
    const started = Date.now();
    const error = await withServer(
      () => sse(openAiStreamEvents(["first "]), gate.promise, 1),
      (url) => streamError(openAi(url, { timeoutMs: 60_000, idleTimeoutMs: 300 })),
    );
    assert.equal(error.kind, "timeout");
    assert.match(
      error.message,
      /^Model request failed: http:\/\/127\.0\.0\.1:\d+ sent nothing more for 300 ms: .*ai\.idle_timeout_ms$/,
    );
    assert.ok(Date.now() - started < 30_000, "long before the overall limit");
  } finally {
    gate.resolve();
  }
});

Deno.test("anthropic stream() fails on idle when a stream stalls after message_start", async () => {
  const gate = Promise.withResolvers<void>();
  try {
    const error = await withServer(
      () => sse(anthropicStreamEvents(["a"]), gate.promise, 0),
      (url) =>
        streamError(
          new AnthropicProvider({
            model: "m",
            baseUrl: url,
            timeoutMs: 60_000,
            idleTimeoutMs: 300,
          }),
        ),
    );
    assert.equal(error.kind, "timeout");
    assert.match(error.message, /sent nothing more for 300 ms/);
  } finally {
    gate.resolve();
  }
});

Deno.test("complete() and stream() fail on idle when the server never starts answering", async () => {
  await withServer(() => hang(), async (url) => {
    const provider = openAi(url, { timeoutMs: 60_000, idleTimeoutMs: 300 });
    const error = await provider.complete(REQUEST).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof ModelError);
    assert.match(error.message, /did not start answering for 300 ms: .*ai\.idle_timeout_ms$/);
    assert.match((await streamError(provider)).message, /did not start answering for 300 ms/);
  });
});

Deno.test("the overall timeout still caps an answer that never ends", async () => {
  const stop = new AbortController();
  try {
    const error = await withServer(
      () => paced(openAiStreamEvents(["endless "]).slice(0, 2), 50, stop.signal, true),
      (url) => streamError(openAi(url, { timeoutMs: 800, idleTimeoutMs: 5_000 })),
    );
    assert.equal(error.kind, "timeout");
    assert.match(
      error.message,
      /the answer from http:\/\/127\.0\.0\.1:\d+ was not complete within 800 ms: .*ai\.timeout_ms$/,
    );
  } finally {
    stop.abort();
  }
});

Deno.test("a per-call idleTimeoutMs overrides the provider's, and a prompt answer is unaffected", async () => {
  await withServer(() => openAiJson("fine"), async (url) => {
    const provider = openAi(url, { idleTimeoutMs: 1 });
    assert.equal(await provider.complete(REQUEST, { idleTimeoutMs: 5_000 }), "fine");
  });
});
