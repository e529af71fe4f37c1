import assert from "node:assert/strict";
import { render } from "../deps/ink_testing.ts";
import { FeedPanel, visibleItems } from "./feed_panel.tsx";
import { FEED_LIMIT, type FeedItem, initialTuiState, reduceTui } from "./tui_state.ts";

const NOW = Date.parse("2026-01-01T12:00:00Z");

function frameOf(feed: FeedItem[], rows: number, scroll = 0): string {
  const view = render(
    <FeedPanel
      feed={feed}
      scroll={scroll}
      focused={false}
      theme={{ color: false }}
      now={NOW}
      rows={rows}
      columns={60}
    />,
  );
  try {
    return view.lastFrame() ?? "";
  } finally {
    view.unmount();
  }
}

Deno.test("FeedPanel draws only the items that fit, however long the feed", () => {
  let state = initialTuiState("demo");
  for (let i = 1; i <= FEED_LIMIT + 50; i++) {
    state = reduceTui(state, { type: "feed", level: "info", title: `item ${i}`, time: NOW });
  }
  const shown = visibleItems(state.feed, 0, 20 - 3, 54);
  // Each item takes 3 rows (borders and title): 17 rows hold 5.
  assert.deepEqual(shown.map((s) => s.item.title), [
    `item ${FEED_LIMIT + 50}`,
    `item ${FEED_LIMIT + 49}`,
    `item ${FEED_LIMIT + 48}`,
    `item ${FEED_LIMIT + 47}`,
    `item ${FEED_LIMIT + 46}`,
  ]);
  const frame = frameOf(state.feed, 20);
  assert.equal(frame.split("\n").length, 20);
  assert.match(frame, /↓ 195 older/);
});

Deno.test("FeedPanel cuts an item taller than the panel and says how many lines it left out", () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `answer line ${i + 1}`);
  const feed: FeedItem[] = [{ id: 1, time: NOW, level: "info", title: "🤖 a long answer", lines }];
  const shown = visibleItems(feed, 0, 20 - 3, 54);
  assert.equal(shown.length, 1);
  // 17 rows: borders, title and the "more" line leave 13 for the answer.
  assert.equal(shown[0]?.lines.length, 13);
  assert.equal(shown[0]?.hidden, 5000 - 13);
  const frame = frameOf(feed, 20);
  assert.match(frame, /answer line 13\b/);
  assert.doesNotMatch(frame, /answer line 14\b/);
  assert.match(frame, /… 4987 more lines/);
});

Deno.test("FeedPanel cuts only the first item: one below that does not fit whole is counted as older", () => {
  const feed: FeedItem[] = [
    { id: 2, time: NOW, level: "ok", title: "newest", lines: ["one line"] },
    { id: 1, time: NOW, level: "info", title: "tall", lines: Array(40).fill("x") },
  ];
  assert.deepEqual(visibleItems(feed, 0, 17, 54).map((s) => [s.item.title, s.hidden]), [
    ["newest", 0],
  ]);
  assert.deepEqual(visibleItems(feed, 1, 17, 54).map((s) => [s.item.title, s.hidden]), [
    ["tall", 40 - 13],
  ]);
  assert.match(frameOf(feed, 20), /↓ 1 older/);
});
