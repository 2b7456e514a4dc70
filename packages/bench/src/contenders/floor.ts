// The floor: hand-written request/response over ws + msgpackr with a txid map, nothing else.
import type { WebSocket } from "ws";
import { type Contender, type EchoConnection, payloadItself } from "../contender.ts";
import { benchCodec } from "../codec.ts";
import { closeWebSocket, openWebSocket } from "../ws-socket.ts";
import { childContender } from "./child-contender.ts";

interface Pending {
  resolve(value: Uint8Array): void;
  reject(reason: Error): void;
}

/**
 * Connects a floor client: each call sends one binary frame `pack([txid, payload])` and resolves
 * when the frame with the same txid comes back. No validation, no headers, no per-call timers.
 */
export async function connectFloor(port: number): Promise<EchoConnection> {
  const socket: WebSocket = await openWebSocket(`ws://127.0.0.1:${port}`);
  const pending = new Map<number, Pending>();
  let nextTxid = 1;
  socket.on("message", (data: Buffer) => {
    const [txid, payload] = benchCodec.unpack(data) as [number, Uint8Array];
    const call = pending.get(txid);
    if (call === undefined) return;
    pending.delete(txid);
    call.resolve(payload);
  });
  socket.on("close", () => {
    for (const call of pending.values()) call.reject(new Error("floor: socket closed with the call pending"));
    pending.clear();
  });
  return {
    echoed: payloadItself,
    call(payload: Uint8Array): Promise<Uint8Array> {
      const txid = nextTxid;
      nextTxid = nextTxid === 0xffff_ffff ? 1 : nextTxid + 1;
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(txid, { resolve, reject });
        socket.send(benchCodec.pack([txid, payload]));
      });
    },
    close: () => closeWebSocket(socket),
  };
}

/** The floor contender: the best any library can do on this transport, measured in the same run. */
export function createFloorContender(): Contender {
  return childContender({
    name: "floor",
    description: "ws + msgpackr, binary frames pack([txid, payload]), txid map; server decodes and re-encodes",
    server: "src/servers/floor.ts",
    connect: (port) => connectFloor(port),
  });
}
