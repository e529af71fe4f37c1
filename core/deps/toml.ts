/** The one place Flux imports its TOML parser (`npm:smol-toml`), for `pyproject.toml`. */
export { parse as parseToml, TomlError } from "smol-toml";
