/** The one place Flux imports its CLI parser (`npm:commander`). */
export { Command, CommanderError, InvalidArgumentError, Option } from "commander";
