/**
 * The end of a batch of {@linkcode watchFiles}: each path is looked at again, so an editor's atomic save
 * (write a temporary, rename it over the file) reports the real file and never the temporary.
 */
import type { FileChangeBatch, FileChangeKind } from "./watch_files.ts";

/** What the events of one batch said about a path. */
export interface Pending {
  created: boolean;
  removed: boolean;
  /**
   * Remove events seen. Deno reports every event of a path that is gone by the time the event is read as
   * "remove": a file written and renamed away at once shows several removes and no create.
   */
  removes: number;
  /** The path was the origin of a rename within the project. */
  movedAway: boolean;
}

/**
 * Turns the batch's paths into reported changes. A path gone by now is a temporary when it was created
 * in the batch, or written in it and then renamed away (an atomic save seen late: several removes and the
 * rename, no create): dropped, and returned in `temporaries`. A file that existed and was removed or
 * renamed (one remove) is reported as removed. A removal of a path in `dropped` (the previous
 * batch's temporaries) is the rename that ended an atomic save split over two batches: not reported.
 */
export async function resolveBatch(
  root: string,
  batch: Map<string, Pending>,
  firstEventAt: number,
  dropped: ReadonlySet<string>,
): Promise<{ batch: FileChangeBatch; temporaries: Set<string> }> {
  const files: string[] = [];
  const kinds: FileChangeKind[] = [];
  const temporaries = new Set<string>();
  for (const [rel, entry] of [...batch].sort(([a], [b]) => a.localeCompare(b))) {
    let info: Deno.FileInfo | null = null;
    try {
      info = await Deno.stat(`${root}/${rel}`);
    } catch {
      info = null;
    }
    if (info?.isDirectory) continue;
    if (info === null) {
      // Created (or written) and gone within one batch: an editor's temporary, renamed over the file.
      if (entry.created || (entry.movedAway && entry.removes > 1)) {
        temporaries.add(rel);
        continue;
      }
      if (dropped.has(rel)) continue; // The rename of a temporary dropped from the batch before.
      files.push(rel);
      kinds.push("remove");
    } else {
      files.push(rel);
      kinds.push(entry.created && !entry.removed ? "create" : "modify");
    }
  }
  return { batch: { files, kinds, firstEventAt }, temporaries };
}
