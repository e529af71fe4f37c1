/** The one place Flux imports its gitignore matcher (`npm:ignore`, the matcher eslint and prettier use). */
export { default as ignore } from "ignore";
export type { Ignore, Options as IgnoreOptions } from "ignore";
