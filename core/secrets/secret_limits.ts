/**
 * What a declared secret may be. Every declared value is searched for in everything Flux writes, so a
 * one-letter secret would mask every `a`, and a 5 MB secret or 100,000 of them would make each write
 * crawl (and `flux watch` stop answering Ctrl-C): such values are refused where they are declared.
 */
import { MIN_SECRET_CHARS } from "./redact.ts";

/** Longest declared secret (a private key fits many times over). */
export const MAX_SECRET_CHARS = 16 * 1024;
/** Most secrets one project may declare. */
export const MAX_SECRETS = 1000;

/** Why `value` cannot be a secret, or `undefined` when it can. */
export function secretProblem(value: string): string | undefined {
  if (value.length < MIN_SECRET_CHARS) {
    return `secret is ${value.length} character(s) long: a secret needs at least ${MIN_SECRET_CHARS} (a shorter one would mask ordinary text); remove it or use the real value`;
  }
  if (value.length > MAX_SECRET_CHARS) {
    return `secret is ${value.length} characters long: at most ${MAX_SECRET_CHARS} are supported; declare the part that is secret`;
  }
  return undefined;
}

/** The message for the secret past {@linkcode MAX_SECRETS}. */
export function tooManySecrets(count: number): string {
  return `${count} secrets declared: at most ${MAX_SECRETS} are supported; keep the ones that are really secret`;
}
