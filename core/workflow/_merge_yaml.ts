/**
 * Puts a new value into a YAML document while keeping every node whose value did not change, so the
 * user's comments and formatting survive a save.
 */
import { type Document, isMap, isScalar, isSeq } from "../deps/yaml.ts";
import { isRecord } from "./_plan_checker.ts";

/** Sets `doc[key]` to `value`, reusing unchanged nodes. */
export function mergeIntoDocument(doc: Document, key: string, value: unknown): void {
  if (!isMap(doc.contents)) {
    doc.contents = doc.createNode({ [key]: value }) as typeof doc.contents;
    return;
  }
  const current = doc.contents.get(key, true);
  if (current === undefined) doc.contents.set(key, doc.createNode(value));
  else doc.contents.set(key, merge(doc, current, value));
}

function merge(doc: Document, node: unknown, value: unknown): unknown {
  if (isScalar(node) && !isRecord(value) && !Array.isArray(value)) {
    if (node.value === value) return node;
    node.value = value;
    return node;
  }
  if (isMap(node) && isRecord(value)) {
    for (const item of [...node.items]) {
      const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
      if (!(k in value)) node.delete(item.key);
    }
    for (const [k, v] of Object.entries(value)) {
      const existing = node.get(k, true);
      node.set(k, existing === undefined ? doc.createNode(v) : merge(doc, existing, v));
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    node.items = value.map((v, i) => {
      const existing = node.items[i];
      return existing === undefined ? doc.createNode(v) : merge(doc, existing, v);
    }) as typeof node.items;
    return node;
  }
  return doc.createNode(value);
}
