/**
 * Maps one key press to what it does: an {@linkcode Action} (help, quit, scroll, focus) or a command-line
 * edit. Pure, so the key table is tested without a terminal.
 */
import type { Key } from "../deps/ink.ts";
import type { Action } from "./action.ts";
import type { TuiState } from "./tui_state.ts";

/** What a key press asks for. */
export type KeyResult =
  | { kind: "action"; action: Action }
  | { kind: "input"; text: string }
  | { kind: "submit"; line: string }
  | { kind: "complete" }
  | { kind: "recall"; direction: "older" | "newer" }
  | { kind: "consent"; grant: boolean }
  | { kind: "none" };

const NONE: KeyResult = { kind: "none" };

/** The key press `input`/`key` in `state`. */
export function keyAction(input: string, key: Partial<Key>, state: TuiState): KeyResult {
  const act = (action: Action): KeyResult => ({ kind: "action", action });
  if (key.ctrl && input === "c") return act({ type: "quit" });
  if (state.consent.length > 0) {
    if (input === "y" || input === "Y") return { kind: "consent", grant: true };
    if (input === "n" || input === "N" || key.escape) return { kind: "consent", grant: false };
    return NONE;
  }
  if (state.showHelp) {
    return key.escape || input === "?" || input === "q" || key.return
      ? act({ type: "help" })
      : NONE;
  }
  if (key.pageUp) return act({ type: "scroll", direction: "page_up" });
  if (key.pageDown) return act({ type: "scroll", direction: "page_down" });
  if (key.tab) {
    return state.input === "" ? act({ type: "focus_next" }) : { kind: "complete" };
  }
  if (key.upArrow || key.downArrow) {
    if (state.focus === "command") {
      return { kind: "recall", direction: key.upArrow ? "older" : "newer" };
    }
    return act({ type: "scroll", direction: key.upArrow ? "up" : "down" });
  }
  if (key.home && state.focus !== "command") return act({ type: "scroll", direction: "top" });
  if (key.end && state.focus !== "command") return act({ type: "scroll", direction: "bottom" });
  if (key.return) return state.input.trim() === "" ? NONE : { kind: "submit", line: state.input };
  if (key.escape) return { kind: "input", text: "" };
  if (key.backspace || key.delete) return { kind: "input", text: state.input.slice(0, -1) };
  if (key.ctrl && input === "u") return { kind: "input", text: "" };
  if (key.ctrl || key.meta || input === "" || key.leftArrow || key.rightArrow) return NONE;
  if (state.input === "" && input === "?") return act({ type: "help" });
  if (state.input === "" && input === "q") return act({ type: "quit" });
  // `r` in the monitors panel re-runs the selected monitor now (as bacon's `r`).
  if (state.input === "" && input === "r" && state.focus === "monitors") {
    const selected = state.monitors[state.monitorScroll];
    return selected ? act({ type: "check", monitor: selected.name }) : NONE;
  }
  // Printable text (one key or a paste) goes to the command line; control bytes are dropped.
  const text = [...input].filter((ch) => ch >= " " && ch !== "\u007f").join("");
  return text === "" ? NONE : { kind: "input", text: state.input + text };
}
