/**
 * A small XML reader for machine-written reports (JUnit XML). It handles elements, attributes, text,
 * CDATA, comments, processing instructions and the five predefined and numeric entities; no DTDs.
 */

/** One element of a parsed document. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text and CDATA directly inside this element. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Replaces XML entity references in `text`. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#x")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

/** Parses `text` and returns its root element; throws a SyntaxError on malformed input. */
export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  let pos = 0;
  while (pos < text.length) {
    const lt = text.indexOf("<", pos);
    const top = stack[stack.length - 1]!;
    if (lt < 0) {
      top.text += decodeEntities(text.slice(pos));
      break;
    }
    if (lt > pos) top.text += decodeEntities(text.slice(pos, lt));
    if (text.startsWith("<!--", lt)) {
      pos = skipPast(text, lt, "-->");
    } else if (text.startsWith("<![CDATA[", lt)) {
      const end = text.indexOf("]]>", lt);
      if (end < 0) throw new SyntaxError("Cannot parse XML: unterminated CDATA section");
      top.text += text.slice(lt + 9, end);
      pos = end + 3;
    } else if (text.startsWith("<?", lt)) {
      pos = skipPast(text, lt, "?>");
    } else if (text.startsWith("<!", lt)) {
      pos = skipPast(text, lt, ">");
    } else if (text.startsWith("</", lt)) {
      const end = text.indexOf(">", lt);
      if (end < 0) throw new SyntaxError("Cannot parse XML: unterminated closing tag");
      const name = text.slice(lt + 2, end).trim();
      if (top.name !== name) {
        throw new SyntaxError(`Cannot parse XML: "</${name}>" closes "<${top.name}>"`);
      }
      stack.pop();
      pos = end + 1;
    } else {
      pos = openTag(text, lt, stack);
    }
  }
  if (stack.length !== 1) {
    throw new SyntaxError(`Cannot parse XML: "<${stack[stack.length - 1]!.name}>" is never closed`);
  }
  const first = root.children[0];
  if (!first) throw new SyntaxError("Cannot parse XML: the document has no root element");
  return first;
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

function skipPast(text: string, from: number, marker: string): number {
  const end = text.indexOf(marker, from);
  if (end < 0) throw new SyntaxError(`Cannot parse XML: "${marker}" is missing`);
  return end + marker.length;
}

const ATTR = /\s*([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/y;

function openTag(text: string, lt: number, stack: XmlElement[]): number {
  const nameMatch = /^<([^\s/>]+)/.exec(text.slice(lt, lt + 200));
  if (!nameMatch) throw new SyntaxError(`Cannot parse XML: bad tag at offset ${lt}`);
  const element: XmlElement = { name: nameMatch[1]!, attrs: {}, children: [], text: "" };
  let pos = lt + nameMatch[0].length;
  for (;;) {
    ATTR.lastIndex = pos;
    const attr = ATTR.exec(text);
    if (!attr) break;
    element.attrs[attr[1]!] = decodeEntities(attr[3] ?? attr[4] ?? "");
    pos = ATTR.lastIndex;
  }
  while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  stack[stack.length - 1]!.children.push(element);
  if (text.startsWith("/>", pos)) return pos + 2;
  if (text[pos] !== ">") throw new SyntaxError(`Cannot parse XML: bad tag "<${element.name}>"`);
  stack.push(element);
  return pos + 1;
}
