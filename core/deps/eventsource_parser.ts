/** The one place Flux imports its server-sent events parser (`npm:eventsource-parser`). */
export { createParser } from "eventsource-parser";
export type { EventSourceMessage, EventSourceParser } from "eventsource-parser";
