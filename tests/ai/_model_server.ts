/**
 * A real HTTP model server on 127.0.0.1 (port 0) for the AI tests: it records every request and answers
 * with whatever the test scripts, speaking either wire protocol byte for byte as the real APIs do.
 */

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Scripted reply; `attempt` counts requests so far (0-based). */
export type Reply = (
  request: SeenRequest,
  attempt: number,
  raw: Request,
) => Response | Promise<Response>;

/** A running server. */
export interface ModelServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server answering with `reply`. */
export function startModelServer(reply: Reply): ModelServer {
  const requests: SeenRequest[] = [];
  const hanging = new Set<() => void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (raw) => {
    const text = await raw.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch { /* keep text */ }
    const seen: SeenRequest = {
      method: raw.method,
      path: new URL(raw.url).pathname,
      headers: Object.fromEntries(raw.headers),
      body,
    };
    requests.push(seen);
    const answer = reply(seen, requests.length - 1, raw);
    return await Promise.race([
      answer,
      new Promise<Response>((resolve) => {
        const release = () => resolve(new Response(null, { status: 499 }));
        hanging.add(release);
      }),
    ]);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    async close() {
      for (const release of hanging) release();
      await server.shutdown();
    },
  };
}

/** A reply that never comes (until the client gives up). */
export function hang(): Promise<Response> {
  return new Promise(() => {});
}

/** Server-sent events body; when `gate` is given, waits for it after sending event `gateAfter`. */
export function sse(events: string[], gate?: Promise<void>, gateAfter = 0): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [i, event] of events.entries()) {
        controller.enqueue(encoder.encode(event));
        if (i === gateAfter && gate) await gate;
      }
      controller.close();
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
  });
}

/** OpenAI chat.completion.chunk events for `parts`, then `[DONE]`. */
export function openAiStreamEvents(parts: string[], model = "test-model"): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${
      JSON.stringify({
        id: "chatcmpl-1",
        object: "chat.completion.chunk",
        created: 1,
        model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      })
    }\n\n`;
  return [
    chunk({ role: "assistant", content: "" }, null),
    ...parts.map((p) => chunk({ content: p }, null)),
    chunk({}, "stop"),
    "data: [DONE]\n\n",
  ];
}

/** A non-streaming OpenAI chat.completion reply. */
export function openAiJson(text: string, model = "test-model"): Response {
  return Response.json({
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model,
    choices: [{
      index: 0,
      message: { role: "assistant", content: text },
      finish_reason: "stop",
    }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

/** Anthropic Messages stream events for `parts`, as the API sends them (with `event:` lines and a ping). */
export function anthropicStreamEvents(parts: string[], model = "test-model"): string[] {
  const ev = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    ev("message_start", {
      type: "message_start",
      message: {
        id: "msg_1",
        type: "message",
        role: "assistant",
        content: [],
        model,
        stop_reason: null,
        usage: { input_tokens: 1, output_tokens: 1 },
      },
    }),
    ev("content_block_start", {
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    }),
    ev("ping", { type: "ping" }),
    ...parts.map((p) =>
      ev("content_block_delta", {
        type: "content_block_delta",
        index: 0,
        delta: { type: "text_delta", text: p },
      })
    ),
    ev("content_block_stop", { type: "content_block_stop", index: 0 }),
    ev("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: 2 },
    }),
    ev("message_stop", { type: "message_stop" }),
  ];
}

/** A non-streaming Anthropic message reply. */
export function anthropicJson(text: string, model = "test-model"): Response {
  return Response.json({
    id: "msg_1",
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    usage: { input_tokens: 1, output_tokens: 1 },
  });
}

/** An error reply in the shape of either API. */
export function errorReply(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ type: "error", error: { type: "api_error", message } }, {
    status,
    headers,
  });
}
