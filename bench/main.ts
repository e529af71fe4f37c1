/**
 * `deno task bench`: runs every `bench/*_bench.ts` suite (or the ones named on the command line) and prints
 * each figure with its target and the ratio to its baseline.
 */
import type { BenchRow, BenchSuite } from "./bench_row.ts";

function format(row: BenchRow): string {
  const value = Number.isInteger(row.value) ? String(row.value) : row.value.toFixed(2);
  const verdict = row.met === undefined ? "" : row.met ? "  [met]" : "  [MISSED]";
  const target = row.target ? `  target ${row.target}` : "";
  const base = row.baseline
    ? `  vs ${row.baseline.name} ${row.baseline.value.toFixed(2)} (x${
      row.baseline.ratio.toFixed(2)
    })`
    : "";
  const note = row.note ? `  (${row.note})` : "";
  return `  ${row.name.padEnd(52)} ${
    value.padStart(10)
  } ${row.unit}${target}${base}${verdict}${note}`;
}

async function main(filter: string[]): Promise<number> {
  const dir = new URL(".", import.meta.url);
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && entry.name.endsWith("_bench.ts")) files.push(entry.name);
  }
  files.sort();
  let missed = 0;
  for (const file of files) {
    const suite = file.replace(/_bench\.ts$/, "");
    if (filter.length > 0 && !filter.includes(suite)) continue;
    console.log(`\n${suite}`);
    const mod: { default: BenchSuite } = await import(new URL(file, dir).href);
    try {
      for (const row of await mod.default()) {
        console.log(format(row));
        if (row.met === false) missed++;
      }
    } catch (error) {
      console.log(`  failed: ${error instanceof Error ? error.message : String(error)}`);
      missed++;
    }
  }
  console.log(`\nbench: ${missed === 0 ? "all targets met" : `${missed} target(s) missed`}`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
