/** Main module of a built-in plugin's Web Worker: speaks the protocol over postMessage. */
import { runBootstrap } from "./run_bootstrap.ts";

const scope = self as unknown as {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
};
const receive = runBootstrap({ send: (message) => scope.postMessage(message) });
scope.onmessage = (event) => receive(event.data);
