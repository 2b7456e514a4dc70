// DynamicProtocol: one protocol of a loaded library — its descriptor, and factories for clients,
// servers and event handlers that reuse the bindings' base classes.
import type { Channel } from "../channel/channel.ts";
import type { Client, ClientOptions } from "../bindings/client.ts";
import type { EventHandlerOptions } from "../bindings/event-handler.ts";
import type { MethodDescriptor, ProtocolDescriptor } from "../bindings/protocol.ts";
import type { ServerOptions } from "../bindings/server.ts";
import type { IrMethod, IrProtocol } from "../compiler/ir.ts";
import { type DynamicClient, clientClassFor, findMethod } from "./dynamic-client.ts";
import { DynamicEventHandler, type DynamicEventHandlers } from "./dynamic-event-handler.ts";
import { type DynamicHandlers, DynamicServer } from "./dynamic-server.ts";

/** A protocol of a library loaded at run time. Get one with `library.protocol(name)`. */
export class DynamicProtocol {
  /** The descriptor, as generated code would declare it (`XxxProtocol`). */
  readonly descriptor: ProtocolDescriptor;
  /** The protocol's IR declaration. */
  readonly ir: IrProtocol;
  readonly #Client: new (channel: Channel, options?: ClientOptions) => DynamicClient;

  /** @internal Built by the loaded library. */
  constructor(descriptor: ProtocolDescriptor, ir: IrProtocol) {
    this.descriptor = descriptor;
    this.ir = ir;
    this.#Client = clientClassFor(descriptor);
  }

  /** Fully qualified name, e.g. `fuchsia.examples/Echo`. */
  get name(): string {
    return this.descriptor.name;
  }

  /** Name to connect by, e.g. `fuchsia.examples.Echo` (the generated `EchoMarker`). */
  get discoverableName(): string {
    return this.descriptor.discoverableName;
  }

  /** A method or event by camelCase or FIDL name. */
  method(name: string): MethodDescriptor | undefined {
    return findMethod(this.descriptor, name);
  }

  /** The IR of a method or event by camelCase or FIDL name. */
  methodIr(name: string): IrMethod | undefined {
    const method = this.method(name);
    return method === undefined ? undefined : this.ir.methods.find((m) => m.name === method.name);
  }

  /** A client on `channel` (which it takes over): the generated `new XxxClient(channel, options)`. */
  client(channel: Channel, options?: ClientOptions): DynamicClient {
    return new this.#Client(channel, options);
  }

  /**
   * A server on `channel` with `handlers` by method name; call `serve()` on it. Keep it to send
   * events (`server.$send("onString", payload)`).
   */
  server(channel: Channel, handlers: DynamicHandlers, options?: ServerOptions): DynamicServer {
    return new DynamicServer(channel, this.descriptor, handlers, options);
  }

  /** `server(channel, handlers, options).serve()`: resolves/rejects as a generated server's serve(). */
  serve(channel: Channel, handlers: DynamicHandlers, options?: ServerOptions): Promise<void> {
    return this.server(channel, handlers, options).serve();
  }

  /** An event handler for `client`'s events; call `serve()` on it. */
  eventHandler(client: Client, handlers: DynamicEventHandlers, options?: EventHandlerOptions): DynamicEventHandler {
    return new DynamicEventHandler(client, handlers, options);
  }
}
