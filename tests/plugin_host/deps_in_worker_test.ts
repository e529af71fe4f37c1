import { deepEqual } from "node:assert/strict";

Deno.test("the npm parsers (ignore, picomatch, fast-xml-parser, eventsource-parser) load in a permission-scoped worker", async () => {
  const dir = await Deno.makeTempDir();
  const worker = new Worker(new URL("../fixtures/deps_worker/probe.ts", import.meta.url), {
    type: "module",
    name: "deps-probe",
    deno: {
      permissions: {
        read: [dir],
        write: false,
        run: false,
        net: false,
        env: false,
        sys: false,
        ffi: false,
        import: false,
      },
    },
  });
  try {
    const result = await new Promise((resolve, reject) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message));
      };
    });
    deepEqual(result, {
      ignored: true,
      globbed: true,
      junit: ["t &#x110000;"],
      sse: ["hi"],
    });
  } finally {
    worker.terminate();
    await Deno.remove(dir, { recursive: true });
  }
});
