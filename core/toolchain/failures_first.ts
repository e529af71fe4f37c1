/**
 * The order inside a stage, where the runner runs files in the order given (pytest, deno test): the files
 * of the tests that failed last first (what pytest's `--ff` does, without its cache), then the test files
 * that changed, then the rest as selected.
 */
import type { TestSelection } from "./types.ts";

/** `select` with its `files` reordered: failing tests' files, then changed files, then the others. */
export function failuresFirst(
  select: TestSelection,
  failingIds: string[],
  changed: string[],
): TestSelection {
  if (!select.files || select.files.length < 2) return select;
  // A test id starts with its file: "tests/test_a.py::test_x", "src/a_test.ts::adds".
  const failing = new Set(failingIds.map((id) => id.split("::")[0]));
  const edited = new Set(changed);
  const rank = (file: string) => failing.has(file) ? 0 : edited.has(file) ? 1 : 2;
  // Array.prototype.sort is stable: files of one rank keep their order.
  const files = [...select.files].sort((a, b) => rank(a) - rank(b));
  return { ...select, files };
}
