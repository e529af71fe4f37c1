import assert from "node:assert/strict";
import { MAX_RETRY_AFTER_MS, retryAfter, WebhookSink } from "./webhook_sink.ts";
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
    const stored = await new WebhookOutbox(dir).entries();
    assert.deepEqual(stored.map((e) => e.text.includes("kept for later")), [true]);
    assert.ok(!JSON.stringify(stored).includes("SECRETTOKEN123"), "the outbox never holds the URL");
    assert.equal((await Deno.stat(`${dir}/.flux/sessions.db`)).mode! & 0o777, 0o600);
    assert.match(
      await Deno.readTextFile(`${dir}/.flux/.gitignore`),
      /^\/sessions\.db\*$/m,
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
  assert.ok((retryAfter(soon, "") ?? 0) > 1000);
});

Deno.test("retryAfter() clamps hostile values to an hour and gives null for unusable ones", () => {
  assert.equal(retryAfter("2147484", ""), MAX_RETRY_AFTER_MS);
  assert.equal(retryAfter("99999999999999999999", ""), MAX_RETRY_AFTER_MS);
  assert.equal(
    retryAfter(new Date(Date.now() + 400 * 86_400_000 * 365).toUTCString(), ""),
    MAX_RETRY_AFTER_MS,
  );
  assert.equal(retryAfter(null, '{"retry_after": 10000000}'), MAX_RETRY_AFTER_MS);
  for (const bad of ["-5", "soon", "NaN", "Infinity", "1e400", "Thu, 01 Jan 1970 00:00:00 GMT"]) {
    assert.equal(retryAfter(bad, ""), null, bad);
  }
  assert.equal(retryAfter(null, '{"retry_after": -3}'), null);
  assert.equal(retryAfter(null, ""), null);
});

Deno.test("WebhookSink posts at most twice in 10 s for each hostile Retry-After", async () => {
  const far = new Date(Date.now() + 1000 * 86_400_000 * 365).toUTCString();
  const hostile: Array<[string, () => Response]> = [
    [
      "header 2147484 s",
      () => new Response("", { status: 429, headers: { "retry-after": "2147484" } }),
    ],
    [
      "far-future HTTP date",
      () => new Response("", { status: 429, headers: { "retry-after": far } }),
    ],
    [
      "body retry_after 10000000",
      () => Response.json({ retry_after: 10_000_000 }, { status: 429 }),
    ],
    ["negative", () => new Response("", { status: 429, headers: { "retry-after": "-1" } })],
    ["unparsable", () => new Response("", { status: 429, headers: { "retry-after": "later" } })],
  ];
  await Promise.all(hostile.map(([label, reply]) =>
    withDir(async (dir) => {
      const { hits, server, url } = startServer(reply);
      const sink = new WebhookSink({ kind: "slack", url, outbox: new WebhookOutbox(dir) });
      try {
        await sink.send(note(label));
        await new Promise((r) => setTimeout(r, 10_000));
        assert.ok(hits.length >= 1, `${label}: the message was posted`);
        assert.ok(hits.length <= 2, `${label}: ${hits.length} posts in 10 s`);
        assert.equal(sink.pending, 1, `${label}: the message is kept`);
      } finally {
        await sink.close(0);
        await server.shutdown();
      }
    })
  ));
});

Deno.test("WebhookOutbox keeps at most maxMessages and says once what it dropped", async () => {
  await withDir(async (dir) => {
    const warnings: string[] = [];
    const outbox = new WebhookOutbox(dir, { maxMessages: 3, onWarning: (m) => warnings.push(m) });
    try {
      for (let i = 0; i < 5; i++) {
        await outbox.add({ id: `m${i}`, hook: "h", text: `t${i}`, created: "" });
      }
      assert.deepEqual((await outbox.entries()).map((e) => e.id), ["m2", "m3", "m4"]);
      assert.equal(outbox.droppedCount(), 2);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? "", /at most 3 messages.*dropped/);
    } finally {
      outbox.close();
    }
  });
});

Deno.test("WebhookOutbox drops messages older than maxAgeMs", async () => {
  await withDir(async (dir) => {
    let now = 1_000_000;
    const outbox = new WebhookOutbox(dir, { maxAgeMs: 1000, now: () => now, onWarning: () => {} });
    try {
      await outbox.add({ id: "old", hook: "h", text: "old", created: "" });
      now += 5000;
      await outbox.add({ id: "new", hook: "h", text: "new", created: "" });
      assert.deepEqual((await outbox.entries()).map((e) => e.id), ["new"]);
      assert.equal(outbox.droppedCount(), 1);
    } finally {
      outbox.close();
    }
  });
});

Deno.test("WebhookOutbox imports a legacy notify_outbox.json once and keeps the file", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/.flux`);
    const legacy = { version: 1, entries: [{ id: "a", hook: "h", text: "queued", created: "x" }] };
    await Deno.writeTextFile(`${dir}/.flux/notify_outbox.json`, JSON.stringify(legacy));
    const outbox = new WebhookOutbox(dir);
    try {
      assert.deepEqual(await outbox.entries(), legacy.entries);
      assert.ok((await Deno.stat(`${dir}/.flux/notify_outbox.json.imported`)).isFile);
    } finally {
      outbox.close();
    }
  });
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
