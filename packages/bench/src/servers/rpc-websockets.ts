// rpc-websockets server: a JSON-RPC 2.0 `echo` method; bytes travel as base64 strings.
import { Server } from "rpc-websockets";
import { announcePort, portOf } from "./lifeline.ts";

const server = new Server({ host: "127.0.0.1", port: 0 });
server.register("echo", (params) => {
  // JSON has no bytes: decode to the Uint8Array the handler works on and encode the result, as
  // every other contender's handler receives and returns a Uint8Array.
  const value = Buffer.from(String(params[0]), "base64");
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
});
server.on("listening", () => announcePort(portOf(server.wss.address())));
