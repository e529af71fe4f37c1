import assert from "node:assert/strict";
import { timeAgo } from "./time_ago.ts";

const now = new Date("2026-11-25T12:00:00Z");
const ago = (ms: number) => timeAgo(new Date(now.getTime() - ms), now);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

Deno.test("timeAgo() says just now under a minute and for future moments", () => {
  assert.equal(ago(0), "just now");
  assert.equal(ago(59_000), "just now");
  assert.equal(ago(-5 * MIN), "just now");
});

Deno.test("timeAgo() counts minutes and hours with singular and plural", () => {
  assert.equal(ago(MIN), "1 minute ago");
  assert.equal(ago(5 * MIN), "5 minutes ago");
  assert.equal(ago(59 * MIN), "59 minutes ago");
  assert.equal(ago(HOUR), "1 hour ago");
  assert.equal(ago(2 * HOUR + 10 * MIN), "2 hours ago");
  assert.equal(ago(23 * HOUR), "23 hours ago");
});

Deno.test("timeAgo() says yesterday between one and two days, then days, months, years", () => {
  assert.equal(ago(DAY), "yesterday");
  assert.equal(ago(47 * HOUR), "yesterday");
  assert.equal(ago(3 * DAY), "3 days ago");
  assert.equal(ago(29 * DAY), "29 days ago");
  assert.equal(ago(45 * DAY), "1 month ago");
  assert.equal(ago(400 * DAY), "1 year ago");
});
