/** The Flux version, kept equal to deno.json's "version". */
export const VERSION = "0.1.0";
