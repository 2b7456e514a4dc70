// Gives capnweb the global `WebSocket` it expects; Node 20 only has one behind a flag.
import { WebSocket } from "ws";

/**
 * Installs `ws`'s WebSocket as `globalThis.WebSocket` when the runtime has none. capnweb's
 * transport reads `WebSocket.CONNECTING` from the global even when handed a socket object.
 */
export function ensureGlobalWebSocket(): void {
  const scope = globalThis as { WebSocket?: unknown };
  if (scope.WebSocket === undefined) scope.WebSocket = WebSocket;
}
