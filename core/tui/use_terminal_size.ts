/** The terminal's size, updated when it is resized (so the layout is redone). */
import { useEffect, useState, useStdout } from "../deps/ink.ts";

/** Columns and rows of the terminal. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Reads `stdout.columns/rows` and listens for `resize`. Fake streams without a size get 100 x 30. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const sized = stdout as unknown as { columns?: number; rows?: number };
  const read = (): TerminalSize => ({ columns: sized.columns || 100, rows: sized.rows || 30 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
  }, [stdout]);
  return size;
}
