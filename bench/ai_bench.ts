/**
 * `deno task bench ai`: the client-side cost of model calls against a local server on 127.0.0.1 (no model
 * time): first-chunk latency of a streamed answer, the delay a hanging model adds to a failure notification,
 * how soon a stream that stalls mid-answer is given up with `idle_timeout_ms`, SSE parsing throughput and
 * prompt building.
 */
import type { BenchRow } from "./bench_row.ts";
import { OpenAiProvider } from "../core/ai/openai_provider.ts";
import { ModelAnalyzer } from "../core/ai/model_analyzer.ts";
import { buildPrompt } from "../core/ai/build_prompt.ts";
import { readSse } from "../core/ai/_sse.ts";
import type { FailureAnalyzer } from "../core/monitor/failure_analyzer.ts";

const REQUEST = { system: "s", messages: [{ role: "user" as const, content: "q" }] };

function chunkEvent(text: string): string {
  return `data: ${
    JSON.stringify({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })
  }\n\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export default async function aiBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const encoder = new TextEncoder();
  let hangForever = false;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    await req.body?.cancel();
    if (hangForever) {
      return await new Promise<Response>((resolve) =>
        setTimeout(() => resolve(new Response("late")), 3_000)
      );
    }
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encoder.encode(chunkEvent("first")));
        for (let i = 0; i < 50; i++) c.enqueue(encoder.encode(chunkEvent(" more")));
        c.enqueue(
          encoder.encode(
            `data: ${
              JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })
            }\n\ndata: [DONE]\n\n`,
          ),
        );
        c.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  try {
    const provider = new OpenAiProvider({
      model: "bench",
      baseUrl: `http://127.0.0.1:${server.addr.port}`,
    });
    const firsts: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < 30; i++) {
      let t = performance.now();
      for await (const _ of provider.stream(REQUEST)) {
        firsts.push(performance.now() - t);
        break;
      }
      t = performance.now();
      const response = await fetch(`http://127.0.0.1:${server.addr.port}/chat/completions`, {
        method: "POST",
        body: "{}",
      });
      const reader = response.body!.getReader();
      await reader.read();
      raw.push(performance.now() - t);
      await reader.cancel();
    }
    const first = median(firsts);
    const baseline = median(raw);
    rows.push({
      name: "first streamed chunk, local server (median of 30)",
      value: first,
      unit: "ms",
      target: "< 50 ms",
      met: first < 50,
      baseline: {
        name: "raw fetch first bytes",
        value: baseline,
        ratio: first / Math.max(baseline, 0.001),
      },
    });

    hangForever = true;
    const fallback: FailureAnalyzer = { analyze: () => Promise.resolve("built-in analysis") };
    const timeoutMs = 500;
    const analyzer = new ModelAnalyzer(provider, { timeoutMs, fallback });
    const t = performance.now();
    await analyzer.analyze({ monitor: "tests", summary: "1 failed", items: [] });
    const took = performance.now() - t;
    rows.push({
      name: "failure analysis with a hanging model (timeout 500 ms)",
      value: took,
      unit: "ms",
      target: "< 750 ms (timeout + 250)",
      met: took < timeoutMs + 250,
      baseline: { name: "analysis_timeout_ms", value: timeoutMs, ratio: took / timeoutMs },
    });
  } finally {
    await server.shutdown();
  }

  rows.push(await stallRow(encoder));

  const text = Array.from({ length: 20_000 }, (_, i) => chunkEvent(`token ${i}`)).join("");
  const bytes = encoder.encode(text);
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 4096) pieces.push(bytes.subarray(i, i + 4096));
  const t = performance.now();
  let count = 0;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of pieces) c.enqueue(p);
      c.close();
    },
  });
  for await (const _ of readSse(body)) count++;
  const mbps = bytes.length / 1e6 / ((performance.now() - t) / 1000);
  const t2 = performance.now();
  text.split("\n\n").map((e) => e.slice(6));
  const splitMbps = bytes.length / 1e6 / ((performance.now() - t2) / 1000);
  rows.push({
    name: `SSE parsing (${count} events, 4 KiB reads)`,
    value: mbps,
    unit: "MB/s",
    target: ">= 10 MB/s",
    met: mbps >= 10,
    baseline: { name: "String.split of the whole text", value: splitMbps, ratio: mbps / splitMbps },
  });

  const history = Array.from({ length: 20 }, (_, i) => ({
    role: i % 2 === 0 ? "user" as const : "assistant" as const,
    content: "x".repeat(1500),
  }));
  const context = () => ({
    current_task: "t",
    active_files: ["a.ts"],
    recent_errors: [],
    recent_activity: [],
  });
  const t3 = performance.now();
  for (let i = 0; i < 1000; i++) {
    buildPrompt({
      task: { kind: "question", question: "why?", history },
      context,
      maxChars: 16_000,
    });
  }
  const perPrompt = (performance.now() - t3) / 1000;
  rows.push({
    name: "buildPrompt, 20 earlier messages, 16k budget",
    value: perPrompt * 1000,
    unit: "µs",
    target: "< 1000 µs",
    met: perPrompt < 1,
  });
  return rows;
}

/** A stream that sends one chunk and then nothing: time from that chunk to the idle-timeout error. */
async function stallRow(encoder: TextEncoder): Promise<BenchRow> {
  const release = Promise.withResolvers<void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    await req.body?.cancel();
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(encoder.encode(chunkEvent("first")));
        await release.promise;
        c.close();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  const idleMs = 300;
  const overallMs = 60_000;
  try {
    const provider = new OpenAiProvider({
      model: "bench",
      baseUrl: `http://127.0.0.1:${server.addr.port}`,
      timeoutMs: overallMs,
      idleTimeoutMs: idleMs,
    });
    let firstAt = 0;
    try {
      for await (const _ of provider.stream(REQUEST)) firstAt = performance.now();
    } catch {
      // The idle-timeout error is what is measured.
    }
    const took = performance.now() - firstAt;
    return {
      name: `stalled stream given up (idle_timeout_ms ${idleMs}, timeout_ms ${overallMs})`,
      value: took,
      unit: "ms",
      target: `< ${idleMs + 250} ms (idle + 250)`,
      met: firstAt > 0 && took < idleMs + 250,
      baseline: { name: "timeout_ms alone", value: overallMs, ratio: took / overallMs },
    };
  } finally {
    release.resolve();
    await server.shutdown();
  }
}
