/** The one place Flux imports its YAML library (`npm:yaml`): line:col errors, comment-keeping round trips. */
export {
  Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parse,
  parseDocument,
  Parser,
  stringify,
  YAMLParseError,
} from "yaml";
export type { Node, Pair, ParseOptions, Scalar, YAMLMap, YAMLSeq } from "yaml";
