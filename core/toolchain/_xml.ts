/**
 * Reads machine-written XML reports (JUnit XML) with `fast-xml-parser` into a small element tree. Numeric
 * references outside Unicode (`&#x110000;`) stay as written instead of failing the whole report.
 */
import { XMLParser, XMLValidator } from "../deps/fast_xml_parser.ts";

/** One element of a parsed document. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text and CDATA directly inside this element. */
  text: string;
}

const TEXT = "#text";
const CDATA = "#cdata";
const ATTRS = ":@";

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: CDATA,
  processEntities: true,
  htmlEntities: true,
});

/** Parses `text` and returns its root element; throws a SyntaxError on malformed input. */
export function parseXml(text: string): XmlElement {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new SyntaxError(`Cannot parse XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const nodes: unknown = parser.parse(text);
  const root = Array.isArray(nodes)
    ? nodes.map(toElement).find((e): e is XmlElement => e !== undefined && !e.name.startsWith("?"))
    : undefined;
  if (!root) throw new SyntaxError("Cannot parse XML: the document has no root element");
  return root;
}

/** Every descendant of `element` (depth first) named `name`. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of element.children) {
    if (child.name === name) found.push(child);
    found.push(...findAll(child, name));
  }
  return found;
}

/** One node of the parser's ordered output: `{ tag: [children], ":@": { attrs } }`. */
function toElement(node: unknown): XmlElement | undefined {
  if (!isRecord(node)) return undefined;
  const name = Object.keys(node).find((key) => key !== ATTRS && key !== TEXT && key !== CDATA);
  if (name === undefined) return undefined;
  const element: XmlElement = { name, attrs: {}, children: [], text: "" };
  const attrs = node[ATTRS];
  if (isRecord(attrs)) {
    for (const [key, value] of Object.entries(attrs)) element.attrs[key] = String(value);
  }
  const body = node[name];
  for (const child of Array.isArray(body) ? body : []) {
    if (!isRecord(child)) continue;
    if (TEXT in child) element.text += String(child[TEXT]);
    else if (CDATA in child) element.text += textOf(child[CDATA]);
    else {
      const sub = toElement(child);
      if (sub) element.children.push(sub);
    }
  }
  return element;
}

function textOf(nodes: unknown): string {
  if (!Array.isArray(nodes)) return "";
  return nodes.map((n) => (isRecord(n) && TEXT in n ? String(n[TEXT]) : "")).join("");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
