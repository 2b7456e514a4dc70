// A fuchsia.examples.Echo server run on the host, for the callback scenario: its client end is
// handed to a device component, which calls it. It can be told to throw, to show what the
// device sees (PEER_CLOSED) and how the host finds out why (the exception callback).
import type { Channel, ServerOptions } from "@fidl-ws/runtime";
import {
  type EchoEchoStringRequest,
  type EchoEchoStringResponse,
  type EchoSendStringRequest,
  EchoServer,
} from "../../generated/fuchsia.examples.ts";

/** Options of {@link HostEchoServer}. */
export interface HostEchoServerOptions extends ServerOptions {
  /** Make EchoString throw (a bug in the host's handler). Default false. */
  failing?: boolean;
}

/** The message the failing handler throws for `value`. */
export function hostEchoFailureMessage(value: string): string {
  return `HostEchoServer cannot echo "${value}": the host's handler throws on purpose`;
}

/**
 * Echo served on the host. Like every generated server, `serve(signal)` closes the channel when
 * `signal` aborts, so a TaskGroup or `serveLogged({ group })` ends it at teardown.
 */
export class HostEchoServer extends EchoServer {
  /** How many EchoString requests reached the handler. */
  calls = 0;
  readonly #failing: boolean;

  /** Serves `channel` (the server end; its peer goes to whoever calls). */
  constructor(channel: Channel, options: HostEchoServerOptions = {}) {
    const { failing, ...serverOptions } = options;
    super(channel, serverOptions);
    this.#failing = failing === true;
  }

  /** Returns the value, or throws when the server was made `failing`. */
  echoString(request: EchoEchoStringRequest): EchoEchoStringResponse {
    this.calls++;
    if (this.#failing) throw new TypeError(hostEchoFailureMessage(request.value));
    return { response: request.value };
  }

  /** Sends the value back as an OnString event. */
  sendString(request: EchoSendStringRequest): void {
    this.sendOnString({ response: request.value });
  }
}
