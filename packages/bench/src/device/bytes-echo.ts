// The component the fake device loads for the benchmark (device.config.json, moniker
// /core/bench_echo): fidlws.bench.BytesEcho through a generated server, validation on.
import type { Channel } from "@fidl-ws/runtime";
import type { ComponentImplementation, ConnectionContext } from "@fidl-ws/fake-device";
import { type BytesEchoEchoRequest, type BytesEchoEchoResponse, BytesEchoProtocol, BytesEchoServer } from "../../generated/fidlws.bench.ts";

/** Echoes bytes; `Hang` never answers. */
class BytesEchoImpl extends BytesEchoServer {
  constructor(channel: Channel, context: ConnectionContext) {
    super(channel, context.serverOptions);
  }

  echo(request: BytesEchoEchoRequest): BytesEchoEchoResponse {
    return { value: request.value };
  }

  hang(): Promise<void> {
    return new Promise<void>(() => {});
  }
}

/** The component: serves BytesEcho on every connection. */
export default function benchEchoComponent(): ComponentImplementation {
  return {
    protocols: {
      [BytesEchoProtocol.discoverableName]: {
        descriptor: BytesEchoProtocol,
        serve: (channel, connection) => new BytesEchoImpl(channel, connection).serve(),
      },
    },
  };
}
