/** One short line per event, as the resume summary and `flux session show` print it. */
import { requiredObject, requiredText } from "../api/required.ts";
import type { EventType } from "./event_type.ts";

const MAX = 80;

/** Describes an event's data in a few words: "auth.py", "15 tests, 3 failed", "pytest tests/". */
export function describeEvent(type: EventType, data: Record<string, unknown>): string {
  requiredText(type, "describeEvent's type", 'describeEvent("file_edit", { file: "auth.py" })');
  requiredObject(data, "describeEvent's data", 'describeEvent("file_edit", { file: "auth.py" })');
  return clip(describe(type, data));
}

function describe(type: EventType, data: Record<string, unknown>): string {
  switch (type) {
    case "file_edit":
      return str(data.file) ?? str(data.path) ?? list(data.files) ?? fallback(data);
    case "test_run": {
      const total = num(data.total);
      const failed = num(data.failed);
      if (total === undefined) return str(data.summary) ?? fallback(data);
      return failed ? `${total} tests, ${failed} failed` : `${total} tests, all passed`;
    }
    case "error":
      return [str(data.message) ?? fallback(data), where(data)].filter(Boolean).join(" ");
    case "command":
      return str(data.command) ?? str(data.input) ?? str(data.text) ?? fallback(data);
    case "message": {
      const content = str(data.content) ?? str(data.text) ?? fallback(data);
      const role = str(data.role);
      return role ? `${role}: ${content}` : content;
    }
    case "workflow": {
      const name = str(data.workflow) ?? str(data.name) ?? "workflow";
      const status = str(data.status) ??
        (typeof data.success === "boolean" ? (data.success ? "succeeded" : "failed") : undefined);
      return status ? `${name} ${status}` : name;
    }
    case "task":
      return str(data.task) ?? str(data.text) ?? fallback(data);
    case "notification":
      return str(data.title) ?? str(data.message) ?? str(data.text) ?? fallback(data);
    case "monitor_state": {
      const monitor = str(data.monitor) ?? "monitor";
      const to = str(data.to) ?? str(data.state) ?? str(data.status);
      if (!to) return fallback(data);
      const from = str(data.from);
      const summary = str(data.summary);
      return `${monitor} ${from ? `${from} → ` : ""}${to}${summary ? ` (${summary})` : ""}`;
    }
  }
}

function where(data: Record<string, unknown>): string | undefined {
  const file = str(data.file);
  if (!file) return undefined;
  const line = num(data.line);
  return line === undefined ? `(${file})` : `(${file}:${line})`;
}

function fallback(data: Record<string, unknown>): string {
  const first = Object.values(data).find((v) => typeof v === "string" || typeof v === "number");
  return first === undefined ? JSON.stringify(data) : String(first);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function list(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const names = value.filter((v): v is string => typeof v === "string");
  return names.length ? names.join(", ") : undefined;
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX ? `${line.slice(0, MAX - 1)}…` : line;
}
