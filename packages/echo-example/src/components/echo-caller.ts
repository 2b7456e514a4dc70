// The device side of the callback scenario (moniker /core/echo_caller): the host hands it the
// client end of an Echo server the host serves; it calls EchoString on it. When the host's
// handler throws, all this component sees is PEER_CLOSED — which it logs and returns.
import { type Channel, DomainError, ZxError, ZxStatus } from "@fidl-ws/runtime";
import type { ComponentImplementation, ConnectionContext } from "@fidl-ws/fake-device";
import {
  type EchoCaller_CallEcho_Response,
  type EchoCallerCallEchoRequest,
  EchoCallerProtocol,
  EchoCallerServer,
} from "../../generated/fidlws.examples.ts";
import { EchoClient } from "../../generated/fuchsia.examples.ts";

/** How long the component waits for the host's Echo before giving up (TIMED_OUT). */
export const CALL_ECHO_TIMEOUT_MS = 5_000;

/** The message of the ERROR record written when the host's Echo fails. */
export const CALL_ECHO_FAILED_MESSAGE = "EchoString on the host's Echo server failed";

/** fidlws.examples.EchoCaller: calls the host's Echo and reports what happened. */
export class EchoCallerImpl extends EchoCallerServer {
  readonly #context: ConnectionContext;

  /** Serves `channel` for the component described by `context`. */
  constructor(channel: Channel, context: ConnectionContext) {
    super(channel, context.serverOptions);
    this.#context = context;
  }

  /** Calls `echo.EchoString(value)`; a failure is logged and returned as its zx status. */
  async callEcho(request: EchoCallerCallEchoRequest): Promise<EchoCaller_CallEcho_Response | DomainError<number>> {
    const echo = new EchoClient(request.echo);
    try {
      const answer = await echo.echoString({ value: request.value }, { timeoutMs: CALL_ECHO_TIMEOUT_MS });
      return { response: answer.response };
    } catch (error) {
      this.#context.logger.error(CALL_ECHO_FAILED_MESSAGE, error);
      return new DomainError(error instanceof ZxError ? error.status : ZxStatus.INTERNAL);
    } finally {
      echo.$close();
    }
  }
}

/** The component, as device.config.json loads it (default export). */
const echoCaller: ComponentImplementation = {
  protocols: {
    [EchoCallerProtocol.discoverableName]: {
      descriptor: EchoCallerProtocol,
      serve: (channel, context) => new EchoCallerImpl(channel, context).serve(),
    },
  },
};
export default echoCaller;
