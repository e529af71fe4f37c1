/**
 * Every error reply of both protocols, from a real server on 127.0.0.1, ends in one ModelError whose message
 * is a single line naming the server and the fix, and never the key.
 */
import assert from "node:assert/strict";
import { OpenAiProvider } from "../../core/ai/openai_provider.ts";
import { AnthropicProvider } from "../../core/ai/anthropic_provider.ts";
import { ModelError } from "../../core/ai/model_error.ts";
import type { ModelProvider } from "../../core/ai/model_provider.ts";
import type { ProviderOptions } from "../../core/ai/provider_options.ts";
import {
  anthropicJson,
  anthropicStreamEvents,
  errorReply,
  hang,
  openAiJson,
  openAiStreamEvents,
  type Reply,
  sse,
  startModelServer,
} from "./_model_server.ts";

const KEY = "sk-test-abcdefghijklmnop0123456789";
const REQUEST = { system: "s", messages: [{ role: "user" as const, content: "q" }] };

const PROTOCOLS = [
  {
    name: "openai",
    make: (o: ProviderOptions): ModelProvider => new OpenAiProvider(o),
    ok: (text: string) => openAiJson(text),
    streamOf: openAiStreamEvents,
  },
  {
    name: "anthropic",
    make: (o: ProviderOptions): ModelProvider => new AnthropicProvider(o),
    ok: (text: string) => anthropicJson(text),
    streamOf: anthropicStreamEvents,
  },
];

async function failure(
  reply: Reply,
  make: (o: ProviderOptions) => ModelProvider,
  mode: "complete" | "stream",
  extra: Partial<ProviderOptions> = {},
): Promise<{ error: ModelError; url: string; requests: number }> {
  const server = startModelServer(reply);
  try {
    const provider = make({
      model: "m",
      baseUrl: server.url,
      apiKey: KEY,
      apiKeyEnv: "FLUX_API_KEY",
      timeoutMs: 5_000,
      ...extra,
    });
    try {
      if (mode === "complete") await provider.complete(REQUEST);
      else await Array.fromAsync(provider.stream(REQUEST));
    } catch (error) {
      assert.ok(error instanceof ModelError, `expected ModelError, got ${error}`);
      assert.ok(!error.message.includes("\n"), `one line: ${error.message}`);
      assert.ok(!error.message.includes(KEY), `no key in: ${error.message}`);
      assert.match(error.message, /^Model request failed: /);
      return { error, url: server.url, requests: server.requests.length };
    }
    throw new Error("the call succeeded but an error was expected");
  } finally {
    await server.close();
  }
}

for (const p of PROTOCOLS) {
  for (const mode of ["complete", "stream"] as const) {
    const label = `${p.name} ${mode}()`;

    Deno.test(`${label} fails with one line naming the key variable on 401 and 403`, async () => {
      for (const status of [401, 403]) {
        const { error, url } = await failure(
          () => errorReply(status, `invalid x-api-key ${KEY}`),
          p.make,
          mode,
        );
        assert.equal(error.kind, "http");
        assert.equal(error.status, status);
        const name = status === 401 ? "Unauthorized" : "Forbidden";
        assert.ok(
          error.message.startsWith(`Model request failed: ${status} ${name} from ${url}`),
          error.message,
        );
        assert.ok(error.message.endsWith(": check FLUX_API_KEY"), error.message);
        assert.ok(error.message.includes("[REDACTED]"), "the echoed key is redacted");
      }
    });

    Deno.test(`${label} retries once after a short Retry-After on 429`, async () => {
      const server = startModelServer((_req, attempt) =>
        attempt === 0
          ? errorReply(429, "slow down", { "retry-after": "1" })
          : mode === "complete"
          ? p.ok("after retry")
          : sse(p.streamOf(["after ", "retry"]))
      );
      try {
        const provider = p.make({ model: "m", baseUrl: server.url, apiKey: KEY });
        const started = Date.now();
        const text = mode === "complete"
          ? await provider.complete(REQUEST)
          : (await Array.fromAsync(provider.stream(REQUEST))).join("");
        assert.equal(text, "after retry");
        assert.equal(server.requests.length, 2);
        assert.ok(Date.now() - started >= 900, "waited for Retry-After");
      } finally {
        await server.close();
      }
    });

    Deno.test(`${label} fails fast on 429 with a long Retry-After`, async () => {
      const started = Date.now();
      const { error, requests } = await failure(
        () => errorReply(429, "rate limit", { "retry-after": "30" }),
        p.make,
        mode,
      );
      assert.equal(requests, 1);
      assert.equal(error.retryAfterMs, 30_000);
      assert.match(error.message, /429 Too Many Requests from .*: rate limited, retry after 30 s$/);
      assert.ok(Date.now() - started < 20_000, "did not wait 30 s");
    });

    Deno.test(`${label} fails with one line on 500`, async () => {
      const { error } = await failure(() => errorReply(500, "boom\ntrace"), p.make, mode);
      assert.equal(error.status, 500);
      assert.match(error.message, /500 Internal Server Error from .* \(boom trace\): .*try again/);
    });

    Deno.test(`${label} fails with one line on a malformed reply`, async () => {
      const malformed = mode === "complete"
        ? () => new Response("{not json", { headers: { "content-type": "application/json" } })
        : () => sse(['data: {"choices": [ oops\n\n']);
      const { error } = await failure(malformed, p.make, mode);
      assert.equal(error.kind, "protocol");
      assert.match(
        error.message,
        mode === "complete" ? /malformed JSON reply/ : /malformed stream/,
      );
    });

    Deno.test(`${label} times out on a server that hangs`, async () => {
      const started = Date.now();
      const { error } = await failure(() => hang(), p.make, mode, { timeoutMs: 300 });
      assert.equal(error.kind, "timeout");
      assert.match(error.message, /no answer from http:\/\/127\.0\.0\.1:\d+ within 300 ms/);
      assert.ok(Date.now() - started < 30_000);
    });

    Deno.test(`${label} fails with one line when nothing listens`, async () => {
      const server = startModelServer(() => new Response("unused"));
      const url = server.url;
      await server.close();
      const provider = p.make({ model: "m", baseUrl: url, apiKey: KEY, timeoutMs: 5_000 });
      const error = await (mode === "complete"
        ? provider.complete(REQUEST)
        : Array.fromAsync(provider.stream(REQUEST))).then(() =>
          null, (e: unknown) => e);
      assert.ok(error instanceof ModelError);
      assert.equal(error.kind, "network");
      assert.ok(!error.message.includes("\n") && !error.message.includes(KEY));
      assert.match(error.message, /cannot connect to http:\/\/127\.0\.0\.1:\d+ .*FLUX_BASE_URL$/);
    });
  }

  Deno.test(`${p.name} stream() fails when the stream stops before its end marker`, async () => {
    const cut = p.streamOf(["half"]).slice(0, -2);
    const { error } = await failure(() => sse(cut), p.make, "stream");
    assert.equal(error.kind, "protocol");
    assert.match(error.message, /stream ended before/);
  });

  Deno.test(`${p.name} stream() stops when the caller aborts`, async () => {
    const controller = new AbortController();
    const server = startModelServer(() => hang());
    try {
      const provider = p.make({ model: "m", baseUrl: server.url, timeoutMs: 10_000 });
      setTimeout(() => controller.abort(), 100);
      const error = await Array.fromAsync(provider.stream(REQUEST, { signal: controller.signal }))
        .then(() => null, (e: unknown) => e);
      assert.ok(error instanceof ModelError);
      assert.equal(error.kind, "aborted");
    } finally {
      await server.close();
    }
  });
}

Deno.test("anthropic stream() reports an error event sent mid-stream", async () => {
  const events = [
    ...anthropicStreamEvents(["partial"]).slice(0, 4),
    `event: error\ndata: ${
      JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } })
    }\n\n`,
  ];
  const { error } = await failure(() => sse(events), PROTOCOLS[1]!.make, "stream");
  assert.match(error.message, /server error from .* \(Overloaded\)/);
});

Deno.test("openai complete() names the model and base URL on 404", async () => {
  const { error } = await failure(
    () => errorReply(404, "model 'm' not found"),
    PROTOCOLS[0]!.make,
    "complete",
  );
  assert.match(
    error.message,
    /404 Not Found from .* \(model 'm' not found\): check the model "m" \(FLUX_MODEL\) and FLUX_BASE_URL$/,
  );
});
