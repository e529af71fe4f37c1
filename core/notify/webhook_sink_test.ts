import assert from "node:assert/strict";
import { retryAfter, WebhookSink } from "./webhook_sink.ts";
import { WebhookOutbox } from "./webhook_outbox.ts";
import { formatNotification } from "./format_notification.ts";

interface Hit {
  at: number;
  body: Record<string, unknown>;
}

/** A real HTTP server on 127.0.0.1 answering with `reply(n)` for the n-th request (0-based). */
function startServer(reply: (n: number) => Response, port = 0) {
  const hits: Hit[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, async (req) => {
    hits.push({ at: Date.now(), body: await req.json() });
    return reply(hits.length - 1);
  });
  const url = `http://127.0.0.1:${server.addr.port}/services/T0/B0/SECRETTOKEN123`;
  return { hits, server, url };
}

function note(title: string) {
  return formatNotification({ monitor: "tests", level: "error", title });
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "flux_webhook_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("WebhookSink waits for Retry-After on 429 and then delivers everything", async () => {
  await withDir(async (dir) => {
    const { hits, server, url } = startServer((n) =>
      n === 0
        ? new Response("slow down", { status: 429, headers: { "retry-after": "1" } })
        : new Response("ok")
    );
    const errors: string[] = [];
    const sink = new WebhookSink({
      kind: "slack",
      url,
      outbox: new WebhookOutbox(dir),
      onError: (m) => errors.push(m),
    });
    try {
      await sink.send(note("first"));
      await sink.send(note("second"));
      await sink.send(note("third"));
      await until(() => hits.length >= 2 && sink.pending === 0);
      const [refused, delivered] = hits as [Hit, Hit];
      assert.ok(delivered.at - refused.at >= 1000, "nothing is sent before Retry-After");
      const text = String(delivered.body.text);
      for (const t of ["first", "second", "third"]) assert.ok(text.includes(t), `${t} delivered`);
      assert.equal(hits.length, 2, "the burst is one post");
      assert.match(errors[0] ?? "", /answered 429: waiting 1000 ms/);
      assert.ok(!errors.join("\n").includes("SECRETTOKEN123"), "the URL is redacted");
      const outbox = await new WebhookOutbox(dir).entries();
      assert.deepEqual(outbox, []);
    } finally {
      await sink.close();
      await server.shutdown();
    }
  });
});

Deno.test("WebhookSink posts at most once per second per hook and coalesces a burst", async () => {
  await withDir(async (dir) => {
    const { hits, server, url } = startServer(() => new Response("ok"));
    const sink = new WebhookSink({ kind: "discord", url, outbox: new WebhookOutbox(dir) });
    try {
      for (const t of ["a1", "a2", "a3", "a4"]) await sink.send(note(t));
      await until(() => sink.pending === 0);
      assert.equal(hits.length, 2);
      assert.match(String(hits[0]?.body.content), /a1/);
      const second = String(hits[1]?.body.content);
      assert.ok(["a2", "a3", "a4"].every((t) => second.includes(t)));
      assert.ok((hits[1]?.at ?? 0) - (hits[0]?.at ?? 0) >= 1000);
    } finally {
      await sink.close();
      await server.shutdown();
    }
  });
});

Deno.test("WebhookSink keeps undelivered messages in the outbox across a restart", async () => {
  await withDir(async (dir) => {
    const down = startServer(() => new Response("broken", { status: 500 }));
    const url = down.url;
    const first = new WebhookSink({ kind: "slack", url, outbox: new WebhookOutbox(dir) });
    await first.send(note("kept for later"));
    await until(() => down.hits.length >= 1);
    await first.close(0);
    await down.server.shutdown();
    const file = await Deno.readTextFile(`${dir}/.flux/notify_outbox.json`);
    assert.match(file, /kept for later/);
    assert.ok(!file.includes("SECRETTOKEN123"), "the outbox never holds the URL");
    assert.equal((await Deno.stat(`${dir}/.flux/notify_outbox.json`)).mode! & 0o777, 0o600);
    assert.match(
      await Deno.readTextFile(`${dir}/.flux/.gitignore`),
      /^\/notify_outbox\.json\*$/m,
      "a .flux/ made for the outbox keeps it out of git",
    );

    // The hook comes back on the same address: the queued message goes out on start.
    const up = startServer(() => new Response("ok"), down.server.addr.port);
    assert.equal(up.url, url);
    const second = new WebhookSink({ kind: "slack", url, outbox: new WebhookOutbox(dir) });
    try {
      await second.start();
      await until(() => up.hits.length >= 1 && second.pending === 0);
      assert.match(String(up.hits[0]?.body.text), /kept for later/);
      assert.deepEqual(await new WebhookOutbox(dir).entries(), []);
    } finally {
      await second.close();
      await up.server.shutdown();
    }
  });
});

Deno.test("retryAfter() reads seconds, HTTP dates and Discord's retry_after", () => {
  assert.equal(retryAfter("2", ""), 2000);
  assert.equal(retryAfter(null, '{"retry_after": 1.5}'), 1500);
  const soon = new Date(Date.now() + 3000).toUTCString();
  assert.ok(retryAfter(soon, "") > 1000);
  assert.equal(retryAfter(null, ""), 1000);
});

Deno.test("WebhookSink redacts tokens in the message before it is stored or sent", async () => {
  await withDir(async (dir) => {
    const { hits, server, url } = startServer(() => new Response("ok"));
    const sink = new WebhookSink({ kind: "slack", url, outbox: new WebhookOutbox(dir) });
    try {
      await sink.send(note("token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked in output"));
      await until(() => sink.pending === 0);
      assert.match(String(hits[0]?.body.text), /token \[REDACTED\] leaked/);
    } finally {
      await sink.close();
      await server.shutdown();
    }
  });
});
