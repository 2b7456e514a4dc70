// Test fixtures for the link: a real ws server on 127.0.0.1:0, link pairs, bounded awaits.
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { Link, type LinkOptions } from "../../src/link/link.ts";
import { LINK_SERVER_OPTIONS } from "../../src/link/server-options.ts";
import { LINK_MAX_PAYLOAD } from "../../src/link/frame.ts";
import type { LinkError } from "../../src/link/link-error.ts";
import { withTimeout } from "../../src/toolkit/with-timeout.ts";

/** Rejects if `promise` has not settled within `ms`, naming `what`. */
export function within<T>(promise: PromiseLike<T>, what: string, ms = 3000): Promise<T> {
  return withTimeout(promise, ms, what);
}

/** Polls `condition` every few ms until true; rejects after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Records every write the TCP socket under `socket` hands to the kernel (ws keeps it as
 * `_socket`): one entry per write, the number of buffers it carried.
 */
export function recordSocketWrites(socket: WebSocket): number[] {
  type Writes = { _write: (...args: unknown[]) => void; _writev: (chunks: unknown[], ...rest: unknown[]) => void };
  const raw = (socket as unknown as { _socket: Writes })._socket;
  const pieces: number[] = [];
  const write = raw._write.bind(raw);
  const writev = raw._writev.bind(raw);
  raw._write = (...args: unknown[]) => {
    pieces.push(1);
    write(...args);
  };
  raw._writev = (chunks: unknown[], ...rest: unknown[]) => {
    pieces.push(chunks.length);
    writev(chunks, ...rest);
  };
  return pieces;
}

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return Buffer.from(text, "utf8");
}

/** `bytes` decoded as UTF-8. */
export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/** Two links over one real socket, with the raw sockets (for forging frames) and error logs. */
export interface LinkPair {
  server: Link;
  client: Link;
  serverSocket: WebSocket;
  clientSocket: WebSocket;
  serverErrors: LinkError[];
  clientErrors: LinkError[];
  /** Closes both links and the server; bounded. */
  close(): Promise<void>;
}

/** A WebSocketServer on 127.0.0.1, port 0, configured for links. */
export async function listen(): Promise<{ wss: WebSocketServer; url: string }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, ...LINK_SERVER_OPTIONS });
  await within(new Promise((resolve) => wss.once("listening", resolve)), "server listening");
  return { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` };
}

/** Closes a server (its links must be closed already). */
export function closeServer(wss: WebSocketServer): Promise<void> {
  for (const client of wss.clients) client.terminate();
  return within(new Promise<void>((resolve) => wss.close(() => resolve())), "server close");
}

/** Starts a server and connects a client to it; both ends wrapped in Links. */
export async function linkPair(options: { server?: LinkOptions; client?: LinkOptions } = {}): Promise<LinkPair> {
  const { wss, url } = await listen();
  const serverErrors: LinkError[] = [];
  const clientErrors: LinkError[] = [];
  const accepted = new Promise<{ link: Link; socket: WebSocket }>((resolve) => {
    wss.once("connection", (socket) => {
      resolve({ link: new Link(socket, { onError: (e) => serverErrors.push(e), ...options.server }), socket });
    });
  });
  const clientSocket = new WebSocket(url, { perMessageDeflate: false, maxPayload: LINK_MAX_PAYLOAD });
  await within(new Promise((resolve, reject) => clientSocket.once("open", resolve).once("error", reject)), "client open");
  const client = new Link(clientSocket, { role: "client", onError: (e) => clientErrors.push(e), ...options.client });
  const { link: server, socket: serverSocket } = await within(accepted, "server connection");
  return {
    server,
    client,
    serverSocket,
    clientSocket,
    serverErrors,
    clientErrors,
    async close() {
      await within(Promise.all([client.close(), server.close()]), "links closed");
      await closeServer(wss);
    },
  };
}
