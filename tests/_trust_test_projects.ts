/**
 * The temp projects of the suite are its own, so every Flux process a test starts trusts them, as CI
 * does with FLUX_TRUST=1 (see docs/trust.md). Imported for that effect by the helpers that start Flux;
 * `deno task test` sets the variable too. The workspace-trust tests clear it for their own processes.
 */
Deno.env.set("FLUX_TRUST", "1");
