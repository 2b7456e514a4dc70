// capnweb server: an RpcTarget with an echo method, one WebSocket RPC session per connection.
import { newWebSocketRpcSession, RpcTarget } from "capnweb";
import { WebSocketServer } from "ws";
import { ensureGlobalWebSocket } from "../websocket-global.ts";
import { announcePort, portOf } from "./lifeline.ts";

ensureGlobalWebSocket();

/** The echo API served to every session. */
class EchoApi extends RpcTarget {
  echo(value: Uint8Array): Uint8Array {
    return value;
  }
}

const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
server.on("connection", (socket) => {
  // As capnweb's README does for Node: ws's socket is close enough to the standard WebSocket.
  newWebSocketRpcSession(socket as unknown as WebSocket, new EchoApi());
});
server.on("listening", () => announcePort(portOf(server.address())));
