// DynamicServer: a Server built from a run-time descriptor whose handlers come from an object
// keyed by method name, plus event senders — the generated XxxServer, without generation.
import type { Channel } from "../channel/channel.ts";
import { FidlError } from "../bindings/errors.ts";
import type { ProtocolDescriptor } from "../bindings/protocol.ts";
import type { MaybePromise } from "../bindings/result.ts";
import { Server, type ServerOptions } from "../bindings/server.ts";
import type { UnknownInteraction } from "../bindings/unknown-interaction.ts";
import { ZxStatus } from "../zx/status.ts";
import { findMethod } from "./dynamic-client.ts";

/**
 * A handler: receives the validated request (`undefined` for an empty payload) with `this` bound
 * to the {@link DynamicServer} (so `this.$send("onString", {...})` works in a `function`
 * handler). Return the response, a `DomainError`, `FrameworkError.UNKNOWN_METHOD`, or a promise
 * of one; throw `StopServer` to end `serve()`. Exactly as a generated server's handler.
 */
export type DynamicHandler = (this: DynamicServer, request: never) => MaybePromise<unknown>;

/**
 * Handlers by method name (camelCase `echoString` or FIDL `EchoString`), and optionally
 * `onUnknownMethod` for RFC-0138 unknown flexible interactions.
 */
export interface DynamicHandlers {
  readonly [method: string]: DynamicHandler | undefined;
  /** Called for an unknown flexible interaction (see `Server.onUnknownMethod`). */
  readonly onUnknownMethod?: (this: DynamicServer, interaction: UnknownInteraction) => MaybePromise<void>;
}

/**
 * A server of a protocol loaded at run time (see {@link Server} for serving, errors and
 * teardown). A method without a handler behaves like an unimplemented generated handler: the
 * call closes the channel and `serve()` rejects with FidlError `NO_HANDLER`.
 */
export class DynamicServer extends Server {
  readonly #protocol: ProtocolDescriptor;

  /**
   * Takes ownership of `channel`. Throws FidlError `NO_SUCH_METHOD` for a handler whose name is
   * not a one-way or two-way method of `protocol` (a typo would otherwise go unnoticed).
   */
  constructor(channel: Channel, protocol: ProtocolDescriptor, handlers: DynamicHandlers, options?: ServerOptions) {
    super(channel, protocol, options);
    this.#protocol = protocol;
    for (const [name, handler] of Object.entries(handlers)) {
      if (handler === undefined) continue;
      if (name === "onUnknownMethod") {
        this.onUnknownMethod = handler as (interaction: UnknownInteraction) => MaybePromise<void>;
        continue;
      }
      const method = findMethod(protocol, name);
      if (method === undefined || method.kind === "event") {
        channel.close();
        const known = protocol.methods.filter((m) => m.kind !== "event").map((m) => m.jsName);
        throw new FidlError(ZxStatus.NOT_FOUND, "NO_SUCH_METHOD", `handler ${name} names no method; methods: ${known.join(", ") || "none"}`, {
          protocol: protocol.name,
        });
      }
      // The base class dispatches to `this[jsName]`.
      Object.defineProperty(this, method.jsName, { value: handler, writable: true, configurable: true });
    }
  }

  /**
   * Sends the event `name` (camelCase `onString` or FIDL `OnString`), validated like a generated
   * `sendOnString(payload)`. Throws FidlError `NO_SUCH_METHOD` for a name that is not an event.
   */
  $send(name: string, payload?: unknown): void {
    const method = findMethod(this.#protocol, name);
    if (method === undefined || method.kind !== "event") {
      const events = this.#protocol.methods.filter((m) => m.kind === "event").map((m) => m.jsName);
      throw new FidlError(ZxStatus.NOT_FOUND, "NO_SUCH_METHOD", `no event named ${name}; events: ${events.join(", ") || "none"}`, {
        protocol: this.#protocol.name,
      });
    }
    this.$sendEvent(method.jsName, payload);
  }
}
