/**
 * A fake terminal for component tests: Ink renders into {@linkcode FakeTerminal.stdout} (any size, resizable)
 * and reads keys from {@linkcode FakeTerminal.stdin}. ink-testing-library covers the fixed 100-column case.
 */
import { EventEmitter } from "node:events";
import { type Instance, type React, render } from "../deps/ink.ts";

class FakeStdout extends EventEmitter {
  columns: number;
  rows: number;
  isTTY = true;
  frames: string[] = [];
  constructor(columns: number, rows: number) {
    super();
    this.columns = columns;
    this.rows = rows;
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  #data: string | null = null;
  write(data: string): void {
    this.#data = data;
    this.emit("readable");
    this.emit("data", data);
  }
  read = (): string | null => {
    const data = this.#data;
    this.#data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** A rendered tree on a fake terminal. */
export class FakeTerminal {
  readonly stdout: FakeStdout;
  readonly stdin = new FakeStdin();
  readonly instance: Instance;

  constructor(tree: React.ReactNode, columns = 100, rows = 30) {
    this.stdout = new FakeStdout(columns, rows);
    this.instance = render(tree, {
      stdout: this.stdout as unknown as NodeJS.WriteStream,
      stdin: this.stdin as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
  }

  /** The last frame written. */
  lastFrame(): string {
    return this.stdout.frames[this.stdout.frames.length - 1] ?? "";
  }

  /** Changes the size and tells Ink, as a terminal resize does. */
  resize(columns: number, rows: number): void {
    this.stdout.columns = columns;
    this.stdout.rows = rows;
    this.stdout.emit("resize");
  }

  /** Unmounts the tree. */
  close(): void {
    this.instance.unmount();
    this.instance.cleanup();
  }
}

/** Resolves after Ink has had time to re-render (it throttles to its frame rate). */
export function settle(ms = 60): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
