/**
 * The one error a model call ends in. Its message is always a single line that says what failed and what to
 * do, and never contains the API key (providers redact before constructing it).
 */
import { requiredObject, requiredText } from "../api/required.ts";

/** Why a model call failed. */
export type ModelErrorKind =
  | "http" // the server answered with an error status
  | "timeout" // no complete answer within the configured time
  | "network" // no connection (refused, DNS, reset)
  | "protocol" // the reply was not the expected JSON or event stream
  | "aborted" // the caller cancelled
  | "config"; // no usable model configuration

/** Structure of a failed model call. */
export interface ModelErrorDetails {
  kind: ModelErrorKind;
  /** HTTP status for `kind: "http"`. */
  status?: number;
  /** Retry-After of a 429/503 reply, in milliseconds. */
  retryAfterMs?: number;
}

/** A failed model call: `message` is one line, safe to print and to store. */
export class ModelError extends Error {
  override name = "ModelError";
  readonly kind: ModelErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: ModelErrorDetails) {
    requiredText(
      message,
      "ModelError's message",
      'new ModelError("Model request failed: ...", { kind: "http" })',
    );
    requiredObject(
      details,
      "ModelError's details",
      'new ModelError("Model request failed: ...", { kind: "http" })',
    );
    super(oneLine(message));
    this.kind = details.kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Collapses whitespace runs (newlines included) into single spaces and caps the length. */
export function oneLine(text: string, max = 400): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
