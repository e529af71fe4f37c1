import assert from "node:assert/strict";
import { SessionManager } from "../session/session_manager.ts";
import { EventType } from "../session/event_type.ts";
import type { MonitorEvent } from "../monitor/monitor_event.ts";
import type { Notification } from "../notify/notification.ts";
import type { MonitorUpdate } from "./tui_monitors.ts";
import { FakeTerminal, settle } from "./_fake_terminal.ts";
import { FluxApp } from "./flux_app.tsx";
import { FluxBackend } from "./flux_backend.ts";
import { TuiController } from "./tui_controller.ts";
import { FEED_LIMIT } from "./tui_state.ts";

const KEYS = {
  up: "\u001b[A",
  down: "\u001b[B",
  tab: "\t",
  enter: "\r",
  escape: "\u001b",
  pageDown: "\u001b[6~",
};

async function tempProject(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "flux-tui-app-" });
  await Deno.mkdir(`${dir}/.flux`);
  await Deno.writeTextFile(`${dir}/.flux/config.yaml`, "tui:\n  auto_watch: false\n");
  return dir;
}

async function openApp(dir: string, columns = 100, rows = 30) {
  const controller = new TuiController(new FluxBackend(dir));
  const term = new FakeTerminal(
    <FluxApp controller={controller} theme={{ color: false }} />,
    columns,
    rows,
  );
  await controller.start();
  await settle();
  return { controller, term };
}

async function type(term: FakeTerminal, text: string): Promise<void> {
  for (const ch of text) {
    term.stdin.write(ch);
    await settle(5);
  }
  await settle();
}

async function closeApp(app: { controller: TuiController; term: FakeTerminal }): Promise<void> {
  await app.controller.quit();
  if (!app.controller.state.quitting) await app.controller.quit();
  app.term.close();
}

Deno.test("FluxApp shows the resume banner of a prior session", async () => {
  const dir = await tempProject();
  try {
    const sessions = new SessionManager(dir);
    sessions.startNewSession();
    sessions.setCurrentTask("Debugging login authentication");
    sessions.recordEvent(EventType.FILE_EDIT, { file: "auth.py" });
    sessions.close();
    const app = await openApp(dir);
    try {
      const frame = app.term.lastFrame();
      assert.match(frame, /📂 Resuming session from/);
      assert.match(frame, /Last task: Debugging login authentication/);
      assert.match(frame, /🎯 Debugging login authentication/);
    } finally {
      await closeApp(app);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("FluxApp welcomes a new project and ? opens and Esc closes the help", async () => {
  const dir = await tempProject();
  try {
    const app = await openApp(dir);
    try {
      assert.match(app.term.lastFrame(), /👋 Welcome to Flux/);
      await type(app.term, "?");
      assert.match(app.term.lastFrame(), /Keys[\s\S]*\/wf run NAME/);
      app.term.stdin.write(KEYS.escape);
      await settle(150);
      assert.doesNotMatch(app.term.lastFrame(), /Esc, Enter or \? closes/);
    } finally {
      await closeApp(app);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("typing /task sets the task, records it, and the next start shows it and recalls the input", async () => {
  const dir = await tempProject();
  try {
    const first = await openApp(dir);
    try {
      await type(first.term, "/task Fix the login bug");
      first.term.stdin.write(KEYS.enter);
      await settle();
      assert.match(first.term.lastFrame(), /🎯 Task set: Fix the login bug/);
    } finally {
      await closeApp(first);
    }
    const second = await openApp(dir);
    try {
      assert.match(second.term.lastFrame(), /Last task: Fix the login bug/);
      second.term.stdin.write(KEYS.up);
      await settle();
      assert.match(second.term.lastFrame(), /› \/task Fix the login bug/);
    } finally {
      await closeApp(second);
    }
    const sessions = new SessionManager(dir);
    try {
      sessions.loadLastSession();
      const commands = sessions.recentEvents({ types: [EventType.COMMAND] });
      assert.ok(commands.some((e) => e.data.command === "/task Fix the login bug"));
    } finally {
      sessions.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Tab completes a command and a malformed command shows one line under the input", async () => {
  const dir = await tempProject();
  try {
    const app = await openApp(dir);
    try {
      await type(app.term, "/sta");
      app.term.stdin.write(KEYS.tab);
      await settle();
      assert.match(app.term.lastFrame(), /› \/status ▌/);
      app.term.stdin.write(KEYS.enter);
      await settle();
      assert.match(app.term.lastFrame(), /📊 Status/);
      await type(app.term, "/nope");
      app.term.stdin.write(KEYS.enter);
      await settle();
      assert.match(app.term.lastFrame(), /Unknown command "\/nope": type \/help for the list/);
    } finally {
      await closeApp(app);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("FluxApp stacks the panels at 60 columns and re-lays out on resize", async () => {
  const dir = await tempProject();
  try {
    const app = await openApp(dir, 100, 30);
    try {
      const row = (frame: string, text: string) =>
        frame.split("\n").findIndex((line) => line.includes(text));
      const wide = app.term.lastFrame();
      assert.equal(row(wide, "Monitors"), row(wide, "Notifications"));
      app.term.resize(60, 24);
      await settle(120);
      const narrow = app.term.lastFrame();
      assert.ok(row(narrow, "Monitors") < row(narrow, "Notifications"), narrow);
      for (const line of narrow.split("\n")) assert.ok([...line].length <= 60, line);
    } finally {
      await closeApp(app);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("q asks again while a workflow runs and quits on the second press", async () => {
  const dir = await tempProject();
  try {
    const app = await openApp(dir);
    try {
      app.controller.dispatch({
        type: "workflow_started",
        name: "slow",
        steps: ["wait"],
        time: Date.now(),
      });
      await type(app.term, "q");
      assert.equal(app.controller.state.quitting, false);
      assert.match(app.term.lastFrame(), /press q or Ctrl-C again/);
      await type(app.term, "q");
      assert.equal(app.controller.state.quitting, true);
    } finally {
      await closeApp(app);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("malformed monitor events and a flood of notifications do not take the TUI down", async () => {
  const dir = await tempProject();
  try {
    const app = await openApp(dir);
    try {
      app.controller.onMonitorUpdate({ type: "event", event: { kind: "error" } as MonitorEvent });
      app.controller.onMonitorUpdate(null as unknown as MonitorUpdate);
      app.controller.onMonitorUpdate({
        type: "notification",
        notification: { title: "broken" } as unknown as Notification,
      });
      for (let i = 0; i < 5000; i++) {
        app.controller.onMonitorUpdate({
          type: "notification",
          notification: {
            time: new Date().toISOString(),
            monitor: "flood",
            level: "info",
            title: `flood ${i}`,
            lines: [],
            text: "",
          },
        });
      }
      await settle(120);
      assert.equal(app.controller.state.feed.length, FEED_LIMIT);
      assert.match(app.term.lastFrame(), /flood 4999/);
      await type(app.term, "/status");
      assert.match(app.term.lastFrame(), /› \/status/);
    } finally {
      await closeApp(app);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("PageDown scrolls the feed, and Tab then arrows scroll the focused panel", async () => {
  const dir = await tempProject();
  try {
    const app = await openApp(dir);
    try {
      for (let i = 1; i <= 12; i++) app.controller.say("info", `note ${i}`);
      await settle();
      app.term.stdin.write(KEYS.pageDown);
      await settle();
      assert.match(app.term.lastFrame(), /↑ 3 newer/);
      assert.doesNotMatch(app.term.lastFrame(), /note 12/);
      app.term.stdin.write(KEYS.tab);
      await settle();
      assert.equal(app.controller.state.focus, "feed");
      app.term.stdin.write(KEYS.down);
      await settle();
      assert.match(app.term.lastFrame(), /↑ 4 newer/);
    } finally {
      await closeApp(app);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a pasted chunk with line ends submits each line, and the rest stays on the command line", async () => {
  const dir = await tempProject();
  try {
    const app = await openApp(dir);
    try {
      app.term.stdin.write("/task Fix the login bug\r/task Ship it\r/sta");
      await settle();
      const frame = app.term.lastFrame();
      assert.match(frame, /🎯 Task set: Ship it/);
      assert.match(frame, /› \/sta/);
      assert.equal(app.controller.state.input, "/sta");
    } finally {
      await closeApp(app);
    }
    const sessions = new SessionManager(dir);
    try {
      sessions.loadLastSession();
      const commands = sessions.recentEvents({ types: [EventType.COMMAND] }).map((e) =>
        e.data.command
      );
      assert.deepEqual(commands.filter((c) => String(c).startsWith("/task")), [
        "/task Fix the login bug",
        "/task Ship it",
      ]);
    } finally {
      sessions.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
