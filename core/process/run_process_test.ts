import assert from "node:assert/strict";
import { runProcess } from "./run_process.ts";

/**
 * What still runs of `marker` once it settles: SIGKILL after the grace period is sent in the background, so
 * this polls (up to 30 s, far below the sleeps' minutes) instead of assuming how fast a busy machine is.
 */
async function settledSurvivors(marker: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const left = await survivors(marker);
    if (left === "" || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function survivors(marker: string): Promise<string> {
  const ps = await runProcess("ps", ["-eo", "pid,args"]);
  return ps.stdout.split("\n").filter((line) => line.includes(marker) && !line.includes("ps -eo"))
    .join("\n");
}

Deno.test("runProcess() collects output and the exit code", async () => {
  const result = await runProcess("sh", ["-c", "echo out; echo err >&2; exit 3"]);
  assert.equal(result.code, 3);
  assert.equal(result.stdout, "out\n");
  assert.equal(result.stderr, "err\n");
  assert.equal(result.timedOut, false);
});

Deno.test("runProcess() reports a missing program as code 127", async () => {
  const result = await runProcess("flux-no-such-program", []);
  assert.equal(result.code, 127);
  assert.equal(result.notFound, true);
});

Deno.test("runProcess() streams nothing of a missing program: the launcher's line is not its output", async () => {
  for (const nice of [undefined, 10]) {
    const chunks: string[] = [];
    const result = await runProcess("flux-no-such-program", [], {
      ...(nice === undefined ? {} : { nice }),
      onOutput: (chunk) => chunks.push(chunk),
    });
    assert.equal(result.notFound, true);
    assert.deepEqual(chunks, [], `nice ${nice}`);
  }
  // The launcher's line arriving in pieces (as util-linux writes it, seen on a loaded machine) is held
  // until whole, then dropped.
  const pieces: string[] = [];
  await runProcess("sh", [
    "-c",
    `printf 'setsid: ' >&2; sleep 0.1; printf 'failed to execute x: No such file or directory\\n' >&2`,
  ], { onOutput: (chunk) => pieces.push(chunk) });
  assert.deepEqual(pieces, []);
  // A program's own stderr still streams, also when it begins like a launcher's line or has no newline.
  for (const text of ["oops\n", "setsid: mine\nmore\n", "nice: x", "set"]) {
    const chunks: string[] = [];
    await runProcess("sh", ["-c", `printf '%s' "$TEXT" >&2`], {
      env: { TEXT: text },
      onOutput: (chunk) => chunks.push(chunk),
    });
    assert.equal(chunks.join(""), text);
  }
});

Deno.test("runProcess() stops the whole process tree on timeout", async () => {
  const marker = "sleep 301";
  const result = await runProcess("sh", ["-c", `${marker} & ${marker} & wait`], {
    timeoutMs: 200,
    graceMs: 200,
  });
  assert.equal(result.timedOut, true);
  assert.equal(await settledSurvivors(marker), "");
});

Deno.test("runProcess() escalates to SIGKILL when SIGTERM is ignored", async () => {
  const marker = "sleep 302";
  const result = await runProcess("sh", ["-c", `trap '' TERM; ${marker} & wait`], {
    timeoutMs: 100,
    graceMs: 300,
  });
  assert.equal(result.timedOut, true);
  assert.equal(await settledSurvivors(marker), "");
});

Deno.test("runProcess() stops the tree when the signal aborts", async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const result = await runProcess("sh", ["-c", "sleep 303 & wait"], {
    signal: controller.signal,
    graceMs: 100,
  });
  assert.equal(result.aborted, true);
  assert.equal(await survivors("sleep 303"), "");
});

Deno.test("runProcess() with nice runs the program at that lower priority", async () => {
  const plain = await runProcess("sh", ["-c", "ps -o ni= -p $$"]);
  const niced = await runProcess("sh", ["-c", "ps -o ni= -p $$"], { nice: 10 });
  assert.equal(niced.code, 0, niced.stderr);
  assert.equal(Number(niced.stdout.trim()), Math.min(19, Number(plain.stdout.trim()) + 10));
});

Deno.test("runProcess() with nice still reports a missing program as not found", async () => {
  const result = await runProcess("flux-no-such-program", [], { nice: 10 });
  assert.equal(result.code, 127);
  assert.equal(result.notFound, true);
});

Deno.test("runProcess() with nice stops the whole tree on timeout", async () => {
  const result = await runProcess("sh", ["-c", "sleep 304 & wait"], {
    nice: 10,
    timeoutMs: 100,
    graceMs: 100,
  });
  assert.equal(result.timedOut, true);
  assert.equal(await settledSurvivors("sleep 304"), "");
});

Deno.test("runProcess() starts the program as the leader of a session and group of its own", async () => {
  const result = await runProcess("sh", ["-c", "echo $$; ps -o sid= -o pgid= -p $$"]);
  assert.equal(result.code, 0, result.stderr);
  const [pid, ids] = result.stdout.trim().split("\n");
  assert.deepEqual(ids?.trim().split(/\s+/), [pid, pid]);
  assert.notEqual(Number(pid), Deno.pid);
});

Deno.test("runProcess() stops a program whose signal was aborted before it started", async () => {
  const controller = new AbortController();
  controller.abort();
  const result = await runProcess("sh", ["-c", "sleep 305 & wait"], {
    signal: controller.signal,
    graceMs: 100,
  });
  assert.equal(result.aborted, true);
  assert.equal(await settledSurvivors("sleep 305"), "");
});
