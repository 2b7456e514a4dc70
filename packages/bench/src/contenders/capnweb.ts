// capnweb over WebSocket: newWebSocketRpcSession on a ws socket, its default JSON encoding.
import { newWebSocketRpcSession } from "capnweb";
import { type Contender, type EchoConnection, payloadItself } from "../contender.ts";
import { ensureGlobalWebSocket } from "../websocket-global.ts";
import { closeWebSocket, openWebSocket } from "../ws-socket.ts";
import { childContender } from "./child-contender.ts";
import type { EchoFunctions } from "./echo-functions.ts";

/**
 * Connects a capnweb session over an already-open ws socket. Bytes travel as capnweb encodes
 * them by default on WebSockets (base64 inside JSON text frames).
 */
export async function connectCapnweb(port: number): Promise<EchoConnection> {
  ensureGlobalWebSocket();
  const socket = await openWebSocket(`ws://127.0.0.1:${port}`);
  const stub = newWebSocketRpcSession<EchoFunctions>(socket as unknown as WebSocket);
  return {
    // capnweb's RpcPromise, awaited as a user awaits it.
    call: (payload) => stub.echo(payload) as Promise<unknown>,
    echoed: payloadItself,
    close: async () => {
      stub[Symbol.dispose]();
      await closeWebSocket(socket);
    },
  };
}

/** The capnweb contender. */
export function createCapnwebContender(): Contender {
  return childContender({
    name: "capnweb",
    description: "capnweb 0.12 WebSocket session (JSON text frames, bytes as base64)",
    server: "src/servers/capnweb.ts",
    connect: (port) => connectCapnweb(port),
  });
}
