/** Narrows what a plugin returned (untrusted) into a {@linkcode MonitorResult} or {@linkcode StepResult}. */
import type { MonitorItem, MonitorResult, StepResult } from "./types.ts";
import { isRecord } from "./protocol.ts";

/** The monitor result, or a one-line Error naming the bad field. */
export function narrowMonitorResult(name: string, value: unknown): MonitorResult {
  const bad = (detail: string) =>
    new Error(`Plugin "${name}" returned a bad check result: ${detail}`);
  if (!isRecord(value)) throw bad("expected { status, summary }");
  const { status, summary, items, data } = value;
  if (status !== "ok" && status !== "fail" && status !== "unknown") {
    throw bad('"status" must be "ok", "fail" or "unknown"');
  }
  if (typeof summary !== "string") throw bad('"summary" must be a string');
  const result: MonitorResult = { status, summary };
  if (items !== undefined && items !== null) {
    if (!Array.isArray(items)) throw bad('"items" must be a list');
    result.items = items.map((item, i) => narrowItem(item, i, bad));
  }
  if (data !== undefined) result.data = data;
  return result;
}

/** The step result, or a one-line Error naming the bad field. */
export function narrowStepResult(name: string, value: unknown): StepResult {
  const bad = (detail: string) =>
    new Error(`Plugin "${name}" returned a bad run result: ${detail}`);
  if (!isRecord(value)) throw bad("expected { success }");
  if (typeof value.success !== "boolean") throw bad('"success" must be true or false');
  const result: StepResult = { success: value.success };
  if (value.output !== undefined && value.output !== null) {
    if (typeof value.output !== "string") throw bad('"output" must be a string');
    result.output = value.output;
  }
  if (value.data !== undefined) result.data = value.data;
  return result;
}

function narrowItem(item: unknown, index: number, bad: (d: string) => Error): MonitorItem {
  if (!isRecord(item) || typeof item.message !== "string") {
    throw bad(`"items[${index}].message" must be a string`);
  }
  const out: MonitorItem = { message: item.message };
  if (typeof item.file === "string") out.file = item.file;
  if (typeof item.line === "number" && Number.isFinite(item.line)) out.line = item.line;
  if (out.line !== undefined && Number.isInteger(item.column) && (item.column as number) > 0) {
    out.column = item.column as number;
  }
  if (typeof item.name === "string") out.name = item.name;
  return out;
}
