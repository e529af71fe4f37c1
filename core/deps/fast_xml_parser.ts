/** The one place Flux imports its XML parser (`npm:fast-xml-parser`), used for JUnit reports. */
export { XMLParser, XMLValidator } from "fast-xml-parser";
export type { X2jOptions } from "fast-xml-parser";
