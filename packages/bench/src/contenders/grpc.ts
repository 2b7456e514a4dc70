// @grpc/grpc-js unary calls: a bytes Echo over HTTP/2 on loopback, no TLS.
import * as grpc from "@grpc/grpc-js";
import { type Contender, type EchoConnection, payloadItself } from "../contender.ts";
import { type BytesMessage, loadEchoService } from "../grpc-echo-proto.ts";
import { childContender } from "./child-contender.ts";

type UnaryEcho = (
  request: BytesMessage,
  callback: (error: grpc.ServiceError | null, response?: BytesMessage) => void,
) => grpc.ClientUnaryCall;

// Parsed once: scenario D connects 200 clients and should not time proto parsing 200 times.
let Echo: ReturnType<typeof loadEchoService> | undefined;

/**
 * Connects one gRPC client on its own HTTP/2 connection: a local subchannel pool stops grpc-js
 * from sharing one connection between clients, which scenario D must not measure.
 */
export async function connectGrpc(port: number, timeoutMs = 10_000): Promise<EchoConnection> {
  Echo ??= loadEchoService();
  const client = new Echo(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1,
  });
  await new Promise<void>((resolve, reject) => {
    client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve()));
  });
  const echo = (client as unknown as { Echo: UnaryEcho }).Echo.bind(client);
  return {
    // grpc-js unary calls take a callback: the promise around it is what a user writes too.
    call: (payload) =>
      new Promise<Uint8Array>((resolve, reject) => {
        echo({ value: payload }, (error, response) => {
          if (error) reject(error);
          else resolve(response?.value ?? new Uint8Array(0));
        });
      }),
    echoed: payloadItself,
    close: async () => client.close(),
  };
}

/** The gRPC contender. */
export function createGrpcContender(): Contender {
  return childContender({
    name: "grpc-js",
    description: "@grpc/grpc-js 1.14 unary, protobuf bytes, HTTP/2 cleartext",
    server: "src/servers/grpc.ts",
    connect: (port) => connectGrpc(port),
  });
}
