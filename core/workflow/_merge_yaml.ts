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
    const reused = matchItems(node.items, value);
    node.items = value.map((v, i) => {
      const existing = reused[i];
      return existing === undefined ? doc.createNode(v) : merge(doc, existing, v);
    }) as typeof node.items;
    return node;
  }
  return doc.createNode(value);
}

/**
 * Which existing item each new list item reuses: first the item of the same identity (a step's `name`, a
 * scalar's value), so a step inserted or moved mid-list does not take another step's comment; then, for
 * what is left, the unclaimed item at the same position (a renamed step keeps its comment).
 */
function matchItems(
  items: readonly unknown[],
  values: readonly unknown[],
): (unknown | undefined)[] {
  const claimed = new Set<unknown>();
  const reused: (unknown | undefined)[] = values.map((v) => {
    const id = identityOf(v);
    if (id === undefined) return undefined;
    const match = items.find((item) => !claimed.has(item) && nodeIdentity(item) === id);
    if (match !== undefined) claimed.add(match);
    return match;
  });
  return reused.map((found, i) => {
    if (found !== undefined) return found;
    const positional = items[i];
    if (positional === undefined || claimed.has(positional)) return undefined;
    claimed.add(positional);
    return positional;
  });
}

function identityOf(value: unknown): string | undefined {
  if (isRecord(value)) return typeof value.name === "string" ? `name:${value.name}` : undefined;
  if (Array.isArray(value) || value === null || value === undefined) return undefined;
  return `value:${String(value)}`;
}

function nodeIdentity(node: unknown): string | undefined {
  if (isMap(node)) {
    const name = node.get("name", true);
    return isScalar(name) && typeof name.value === "string" ? `name:${name.value}` : undefined;
  }
  if (isScalar(node) && node.value !== null && node.value !== undefined) {
    return `value:${String(node.value)}`;
  }
  return undefined;
}
