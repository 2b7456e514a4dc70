// A component that misbehaves on purpose (moniker /core/faulty_echo): its EchoString handler
// throws, so the host sees only PEER_CLOSED while the device log gets the exception and its stack
// — the "FIDL server errors" pitfall of the async doc.
import type { Channel } from "@fidl-ws/runtime";
import type { ComponentImplementation, ConnectionContext } from "@fidl-ws/fake-device";
import {
  type EchoEchoStringRequest,
  type EchoEchoStringResponse,
  EchoProtocol,
  type EchoSendStringRequest,
  EchoServer,
} from "../../generated/fuchsia.examples.ts";

/** The message the faulty handler throws for `value` (tests and examples match on it). */
export function faultyEchoMessage(value: string): string {
  return `FaultyEchoImpl cannot echo "${value}": this handler throws on purpose`;
}

/** fuchsia.examples.Echo with a broken EchoString; SendString works. */
export class FaultyEchoImpl extends EchoServer {
  /** Serves `channel`; `serverOptions` makes the device log name the method that failed. */
  constructor(channel: Channel, context: ConnectionContext) {
    super(channel, context.serverOptions);
  }

  /** Always throws: the server closes the channel and the device logs the error with its stack. */
  echoString(request: EchoEchoStringRequest): EchoEchoStringResponse {
    throw new RangeError(faultyEchoMessage(request.value));
  }

  /** Works, so only the broken method is to blame. */
  sendString(request: EchoSendStringRequest): void {
    this.sendOnString({ response: request.value });
  }
}

/** The component, as device.config.json loads it (default export). */
const faultyEcho: ComponentImplementation = {
  protocols: {
    [EchoProtocol.discoverableName]: { descriptor: EchoProtocol, serve: (channel, context) => new FaultyEchoImpl(channel, context).serve() },
  },
};
export default faultyEcho;
