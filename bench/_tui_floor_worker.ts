/** An empty module worker for `_tui_floor.tsx`: it only waits for messages. */
globalThis.addEventListener("message", () => {});
