/** One figure printed by `deno task bench`. */
export interface BenchRow {
  /** What was measured, e.g. "recordEvent sustained rate". */
  name: string;
  value: number;
  unit: string;
  /** The target from the issue, e.g. "< 20 ms" or ">= 20000/s". */
  target?: string;
  /** Whether the figure meets the target (undefined when there is no target). */
  met?: boolean;
  /** A named baseline measured in the same run, and value / baseline. */
  baseline?: { name: string; value: number; ratio: number };
  /** A short note, e.g. why a figure was skipped. */
  note?: string;
}

/** What each `bench/*_bench.ts` default-exports. */
export type BenchSuite = () => Promise<BenchRow[]>;
