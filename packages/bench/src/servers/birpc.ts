// birpc server: one birpc instance per ws connection, msgpackr serialization, binary frames.
import { createBirpc } from "birpc";
import { WebSocketServer } from "ws";
import { benchCodec } from "../codec.ts";
import { announcePort, portOf } from "./lifeline.ts";
import type { EchoFunctions } from "../contenders/echo-functions.ts";

const functions: EchoFunctions = {
  echo: (value) => value,
};

const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
server.on("connection", (socket) => {
  createBirpc<Record<string, never>, EchoFunctions>(functions, {
    post: (data: Uint8Array) => socket.send(data),
    on: (handler) => socket.on("message", handler),
    serialize: (value) => benchCodec.pack(value),
    deserialize: (data: Buffer) => benchCodec.unpack(data),
  });
});
server.on("listening", () => announcePort(portOf(server.address())));
