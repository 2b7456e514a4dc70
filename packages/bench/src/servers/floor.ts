// Floor server: the least a request/response server can do over ws + msgpackr (decode, echo, encode).
import { WebSocketServer } from "ws";
import { benchCodec } from "../codec.ts";
import { announcePort, portOf } from "./lifeline.ts";

const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
server.on("connection", (socket) => {
  socket.on("message", (data: Buffer) => {
    // Decode and re-encode like any RPC server must, rather than bouncing the frame: the floor
    // is the best an RPC stack can do, not the best a socket can do.
    const [txid, payload] = benchCodec.unpack(data) as [number, Uint8Array];
    socket.send(benchCodec.pack([txid, payload]));
  });
});
server.on("listening", () => announcePort(portOf(server.address())));
