/**
 * Flux's guides (`docs/*.md`) as `flux help TOPIC` pages. A message that sends the user to a guide names the
 * page as `flux help TOPIC`, never a `docs/...` path: that path exists only in Flux's own repository,
 * not in the folder the user runs Flux from. The page is read from beside the running module (a checkout, a
 * `deno install`, or a `deno compile` binary that included `docs`).
 */

/** Every guide, by the name `flux help` takes; each is `docs/<topic>.md`. */
export const DOC_TOPICS = [
  "agents",
  "ai",
  "monitoring",
  "plugins",
  "sessions",
  "testloop",
  "toolchain",
  "trust",
  "tui",
  "workflows",
] as const;

export type DocTopic = typeof DOC_TOPICS[number];

export function isDocTopic(value: string): value is DocTopic {
  return (DOC_TOPICS as readonly string[]).includes(value);
}

/** Where the installed Flux keeps the guide: a file path when Flux runs from files, else its URL. */
export function guideLocation(topic: DocTopic): string {
  const url = new URL(`../../docs/${topic}.md`, import.meta.url);
  return url.protocol === "file:" ? decodeURIComponent(url.pathname) : url.href;
}

/** The guide's Markdown, or `null` when this installation does not carry it (then show its location). */
export async function readGuide(topic: DocTopic): Promise<string | null> {
  const url = new URL(`../../docs/${topic}.md`, import.meta.url);
  if (url.protocol !== "file:") return null;
  try {
    return await Deno.readTextFile(url);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}
