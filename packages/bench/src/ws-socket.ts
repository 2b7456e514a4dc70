// Opening and closing `ws` client sockets with bounded waits.
import { WebSocket } from "ws";

/** Opens a client socket to `url` (no compression) and resolves once it is open. */
export function openWebSocket(url: string, timeoutMs = 10_000): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`WebSocket ${url} did not open within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("open", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`WebSocket ${url} failed to open: ${error.message}`, { cause: error }));
    });
  });
}

/** Closes `socket` and resolves when it is closed; terminates it if the close handshake stalls. */
export function closeWebSocket(socket: WebSocket, timeoutMs = 2_000): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.terminate();
      resolve();
    }, timeoutMs);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else socket.close();
  });
}
