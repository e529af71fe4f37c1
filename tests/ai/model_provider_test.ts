/** Both providers against a real HTTP server on 127.0.0.1: the wire format each API expects, both modes. */
import assert from "node:assert/strict";
import { OpenAiProvider } from "../../core/ai/openai_provider.ts";
import { AnthropicProvider } from "../../core/ai/anthropic_provider.ts";
import {
  anthropicJson,
  anthropicStreamEvents,
  openAiJson,
  openAiStreamEvents,
  sse,
  startModelServer,
} from "./_model_server.ts";

const KEY = "sk-test-0123456789abcdefghij";
const REQUEST = {
  system: "You are Flux.",
  messages: [{ role: "user" as const, content: "Why are the tests failing?" }],
};

Deno.test("OpenAiProvider.complete() posts model, system and messages with a bearer key", async () => {
  const server = startModelServer(() => openAiJson("Because auth.py changed."));
  try {
    const provider = new OpenAiProvider({
      model: "gpt-test",
      baseUrl: `${server.url}/v1`,
      apiKey: KEY,
    });
    assert.equal(await provider.complete(REQUEST), "Because auth.py changed.");
    const seen = server.requests[0]!;
    assert.equal(seen.method, "POST");
    assert.equal(seen.path, "/v1/chat/completions");
    assert.equal(seen.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(seen.body, {
      model: "gpt-test",
      messages: [
        { role: "system", content: "You are Flux." },
        { role: "user", content: "Why are the tests failing?" },
      ],
      stream: false,
    });
  } finally {
    await server.close();
  }
});

Deno.test("OpenAiProvider.stream() yields each chunk before the server sends the next", async () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const server = startModelServer(() =>
    sse(openAiStreamEvents(["Because ", "auth.py ", "changed."]), gate, 1)
  );
  try {
    const provider = new OpenAiProvider({ model: "llama3", baseUrl: `${server.url}/v1` });
    const chunks: string[] = [];
    for await (const chunk of provider.stream(REQUEST)) {
      chunks.push(chunk);
      open(); // the rest is only sent once the first piece has arrived here
    }
    assert.deepEqual(chunks, ["Because ", "auth.py ", "changed."]);
    const seen = server.requests[0]!;
    assert.equal(seen.headers.authorization, undefined, "no key configured, no header");
    assert.equal((seen.body as { stream: boolean }).stream, true);
    assert.equal((seen.body as { model: string }).model, "llama3");
  } finally {
    await server.close();
  }
});

Deno.test("OpenAiProvider.stream() accepts a whole JSON answer from a server that ignores stream", async () => {
  const server = startModelServer(() => openAiJson("whole"));
  try {
    const provider = new OpenAiProvider({ model: "m", baseUrl: server.url });
    assert.deepEqual(await Array.fromAsync(provider.stream(REQUEST)), ["whole"]);
  } finally {
    await server.close();
  }
});

Deno.test("AnthropicProvider.complete() posts to /v1/messages with x-api-key and version", async () => {
  const server = startModelServer(() => anthropicJson("Check validate_token."));
  try {
    const provider = new AnthropicProvider({
      model: "claude-test",
      baseUrl: server.url,
      apiKey: KEY,
    });
    assert.equal(await provider.complete({ ...REQUEST, maxTokens: 300 }), "Check validate_token.");
    const seen = server.requests[0]!;
    assert.equal(seen.path, "/v1/messages");
    assert.equal(seen.headers["x-api-key"], KEY);
    assert.equal(seen.headers["anthropic-version"], "2023-06-01");
    assert.equal(seen.headers.authorization, undefined);
    assert.deepEqual(seen.body, {
      model: "claude-test",
      max_tokens: 300,
      system: "You are Flux.",
      messages: [{ role: "user", content: "Why are the tests failing?" }],
      stream: false,
    });
  } finally {
    await server.close();
  }
});

Deno.test("AnthropicProvider.stream() yields content_block_delta text as it arrives", async () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const server = startModelServer(() =>
    sse(anthropicStreamEvents(["Check ", "validate_token."]), gate, 3)
  );
  try {
    const provider = new AnthropicProvider({
      model: "claude-test",
      baseUrl: `${server.url}/v1/`,
      apiKey: KEY,
    });
    const chunks: string[] = [];
    for await (const chunk of provider.stream(REQUEST)) {
      chunks.push(chunk);
      open();
    }
    assert.deepEqual(chunks, ["Check ", "validate_token."]);
    assert.equal(server.requests[0]!.path, "/v1/messages");
    assert.equal((server.requests[0]!.body as { stream: boolean }).stream, true);
    assert.equal((server.requests[0]!.body as { max_tokens: number }).max_tokens, 1024);
  } finally {
    await server.close();
  }
});
