// The Echo component the fake device loads from device.config.json (moniker /core/echo): it
// serves fuchsia.examples.Echo (with OnString events), fuchsia.examples.EchoLauncher (GetEcho and
// GetEchoPipelined hand out prefixed Echo servers) and fuchsia.developer.ffx.Echo.
import { Channel } from "@fidl-ws/runtime";
import type { ComponentContext, ComponentImplementation, ConnectionContext } from "@fidl-ws/fake-device";
import {
  EchoProtocol as FfxEchoProtocol,
  EchoServer as FfxEchoServer,
  type EchoEchoStringRequest as FfxEchoStringRequest,
  type EchoEchoStringResponse as FfxEchoStringResponse,
} from "../../generated/fuchsia.developer.ffx.ts";
import {
  type EchoEchoStringRequest,
  type EchoEchoStringResponse,
  type EchoLauncherGetEchoPipelinedRequest,
  type EchoLauncherGetEchoRequest,
  type EchoLauncherGetEchoResponse,
  EchoLauncherProtocol,
  EchoLauncherServer,
  EchoProtocol,
  type EchoSendStringRequest,
  EchoServer,
} from "../../generated/fuchsia.examples.ts";

/**
 * fuchsia.examples.Echo: answers `EchoString` with `prefix + value` and turns `SendString` into
 * an `OnString` event carrying the same text. The prefix is empty except for servers handed out
 * by the EchoLauncher.
 */
export class EchoImpl extends EchoServer {
  readonly #prefix: string;

  /** Serves `channel`; `serverOptions` routes handler failures to the device log. */
  constructor(channel: Channel, context: ConnectionContext, prefix = "") {
    super(channel, context.serverOptions);
    this.#prefix = prefix;
  }

  /** Returns the value, prefixed. */
  echoString(request: EchoEchoStringRequest): EchoEchoStringResponse {
    return { response: this.#prefix + request.value };
  }

  /** Sends the value back, prefixed, as an OnString event. */
  sendString(request: EchoSendStringRequest): void {
    this.sendOnString({ response: this.#prefix + request.value });
  }
}

/**
 * fuchsia.examples.EchoLauncher: each call starts a new prefixed Echo server on this component.
 * The servers it starts are served as their own promises; a failing one is logged, not lost.
 */
export class EchoLauncherImpl extends EchoLauncherServer {
  readonly #context: ConnectionContext;

  /** Serves `channel` for the component described by `context`. */
  constructor(channel: Channel, context: ConnectionContext) {
    super(channel, context.serverOptions);
    this.#context = context;
  }

  /** Creates a channel, serves Echo on one end and returns the other. */
  getEcho(request: EchoLauncherGetEchoRequest): EchoLauncherGetEchoResponse {
    const [client, server] = Channel.create();
    this.#serveEcho(server, request.echo_prefix);
    return { response: client };
  }

  /** Serves Echo on the caller's server end (the caller may already have written requests to it). */
  getEchoPipelined(request: EchoLauncherGetEchoPipelinedRequest): void {
    this.#serveEcho(request.request, request.echo_prefix);
  }

  #serveEcho(channel: Channel, prefix: string): void {
    const context = this.#context;
    // Held by the component's signal: a reboot closes it, so no server outlives the component.
    const echo = new EchoImpl(channel, context, prefix);
    context.signal.addEventListener("abort", () => echo.$close(), { once: true });
    echo.serve().catch((error: unknown) => context.logger.error("a launched Echo server failed", error));
  }
}

/** fuchsia.developer.ffx.Echo, the protocol Fuchsia Controller's own examples call. */
export class FfxEchoImpl extends FfxEchoServer {
  /** Serves `channel`; `serverOptions` routes handler failures to the device log. */
  constructor(channel: Channel, context: ConnectionContext) {
    super(channel, context.serverOptions);
  }

  /** Returns the value unchanged. */
  echoString(request: FfxEchoStringRequest): FfxEchoStringResponse {
    return { response: request.value };
  }
}

/** The component: the device calls this once per boot with the component's context. */
export default function echoComponent(context: ComponentContext): ComponentImplementation {
  context.logger.info("echo component started");
  return {
    protocols: {
      [EchoProtocol.discoverableName]: { descriptor: EchoProtocol, serve: (channel, c) => new EchoImpl(channel, c).serve() },
      [EchoLauncherProtocol.discoverableName]: {
        descriptor: EchoLauncherProtocol,
        serve: (channel, c) => new EchoLauncherImpl(channel, c).serve(),
      },
      [FfxEchoProtocol.discoverableName]: { descriptor: FfxEchoProtocol, serve: (channel, c) => new FfxEchoImpl(channel, c).serve() },
    },
  };
}
