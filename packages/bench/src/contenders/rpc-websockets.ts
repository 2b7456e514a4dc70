// rpc-websockets: JSON-RPC 2.0 over ws; bytes cross as base64 strings since JSON has no bytes.
import { Client } from "rpc-websockets";
import type { Contender, EchoConnection } from "../contender.ts";
import { childContender } from "./child-contender.ts";

function opened(client: Client, url: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rpc-websockets ${url} did not open within ${timeoutMs} ms`)), timeoutMs);
    client.once("open", () => {
      clearTimeout(timer);
      resolve();
    });
    client.once("error", (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`rpc-websockets ${url} failed to open: ${error.message}`, { cause: error }));
    });
  });
}

/** Connects an rpc-websockets client with reconnection off (a benchmark must not hide failures). */
export async function connectRpcWebsockets(port: number): Promise<EchoConnection> {
  const url = `ws://127.0.0.1:${port}`;
  const client = new Client(url, { autoconnect: true, reconnect: false });
  await opened(client, url);
  return {
    call: (payload) => client.call("echo", [Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("base64")]),
    echoed: (result) => Buffer.from(String(result), "base64"),
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        client.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
        client.close();
      }),
  };
}

/** The rpc-websockets contender. */
export function createRpcWebsocketsContender(): Contender {
  return childContender({
    name: "rpc-websockets",
    description: "rpc-websockets 10 (JSON-RPC 2.0 text frames, bytes as base64)",
    server: "src/servers/rpc-websockets.ts",
    connect: (port) => connectRpcWebsockets(port),
  });
}
