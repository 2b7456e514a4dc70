// The gRPC echo service, defined inline and loaded through proto-loader on both ends.
import * as grpc from "@grpc/grpc-js";
import { fromJSON } from "@grpc/proto-loader";

/** `package bench; message Bytes { bytes value = 1; } service Echo { rpc Echo(Bytes) returns (Bytes); }` */
const echoProto: Parameters<typeof fromJSON>[0] = {
  nested: {
    bench: {
      nested: {
        Bytes: { fields: { value: { type: "bytes", id: 1 } } },
        Echo: { methods: { Echo: { requestType: "Bytes", responseType: "Bytes", comment: "Returns the request unchanged." } } },
      },
    },
  },
};

/** The request and response message. */
export interface BytesMessage {
  value: Uint8Array;
}

/** The generated client constructor type for `bench.Echo`. */
export type EchoClientConstructor = grpc.ServiceClientConstructor;

/** Loads the service definition; `bench.Echo` carries the client constructor and `.service`. */
export function loadEchoService(): EchoClientConstructor {
  const definition = fromJSON(echoProto, { keepCase: true, defaults: false });
  const loaded = grpc.loadPackageDefinition(definition) as { bench: { Echo: EchoClientConstructor } };
  return loaded.bench.Echo;
}
