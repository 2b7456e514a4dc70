// birpc over ws with msgpackr serialization (binary frames), as birpc's README wires WebSockets.
import { createBirpc } from "birpc";
import { type Contender, type EchoConnection, payloadItself } from "../contender.ts";
import { benchCodec } from "../codec.ts";
import { closeWebSocket, openWebSocket } from "../ws-socket.ts";
import { childContender } from "./child-contender.ts";
import type { EchoFunctions } from "./echo-functions.ts";

/** Connects a birpc client with default options (its 60 s per-call timeout included). */
export async function connectBirpc(port: number): Promise<EchoConnection> {
  const socket = await openWebSocket(`ws://127.0.0.1:${port}`);
  const rpc = createBirpc<EchoFunctions, Record<string, never>>(
    {},
    {
      post: (data: Uint8Array) => socket.send(data),
      on: (handler) => socket.on("message", handler),
      serialize: (value) => benchCodec.pack(value),
      deserialize: (data: Buffer) => benchCodec.unpack(data),
    },
  );
  return {
    call: (payload) => rpc.echo(payload),
    echoed: payloadItself,
    close: async () => {
      rpc.$close();
      await closeWebSocket(socket);
    },
  };
}

/** The birpc contender. */
export function createBirpcContender(): Contender {
  return childContender({
    name: "birpc",
    description: "birpc 4 over ws, msgpackr serialize/deserialize, binary frames",
    server: "src/servers/birpc.ts",
    connect: (port) => connectBirpc(port),
  });
}
