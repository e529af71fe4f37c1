import assert from "node:assert/strict";
import { describeExit, isOutOfMemory } from "./describe_exit.ts";

// What Deno 2.9.6 writes to stderr when V8 hits --max-old-space-size=256 (pids and addresses shortened).
const OOM_256 = `
<--- Last few GCs --->

[29996:0x7f8e]     7978 ms: Mark-Compact 256.6 (259.1) -> 255.7 (260.1) MB, pooled: 0.8 MB, 553.87 / 0.00 ms (average mu = 0.094, current mu = 0.004) allocation failure; scavenge might not succeed



#
# Fatal JavaScript out of memory: Ineffective mark-compacts near heap limit
#
==== C stack trace ===============================

    deno(+0x28b0d2e) [0x55ac3dd34d2e]
`;

const trapped: Deno.CommandStatus = { success: false, code: 133, signal: "SIGTRAP" };

Deno.test("describeExit() reports the 256 MB default heap cap's out-of-memory as such", () => {
  assert.equal(isOutOfMemory(OOM_256), true);
  assert.equal(describeExit(trapped, OOM_256, 256), "ran out of memory (heap cap 256 MB)");
  assert.equal(
    describeExit(trapped, "# Fatal JavaScript out of memory: Reached heap limit\n", 64),
    "ran out of memory (heap cap 64 MB)",
  );
});

Deno.test("describeExit() names the fatal line, not the stack frame printed after it", () => {
  const stderr =
    "#\n# Fatal error in v8: something broke\n#\n==== C stack trace ====\n  deno(+0x1) [0x2]\n";
  assert.equal(
    describeExit(trapped, stderr, 256),
    "was killed by SIGTRAP (Fatal error in v8: something broke)",
  );
  assert.equal(
    describeExit(
      { success: false, code: 1, signal: null },
      "\x1b[31merror\x1b[0m: Module not found\n",
      256,
    ),
    "exited with code 1 (error: Module not found)",
  );
  assert.equal(
    describeExit({ success: false, code: 0, signal: null }, "", 256),
    "exited with code 0",
  );
});
