// DynamicEventHandler: an EventHandler whose handlers come from an object keyed by event name.
import type { Client } from "../bindings/client.ts";
import { FidlError } from "../bindings/errors.ts";
import { EventHandler, type EventHandlerOptions } from "../bindings/event-handler.ts";
import type { MaybePromise } from "../bindings/result.ts";
import type { UnknownInteraction } from "../bindings/unknown-interaction.ts";
import { ZxStatus } from "../zx/status.ts";
import { findMethod } from "./dynamic-client.ts";

/**
 * Event handlers by event name (camelCase `onString` or FIDL `OnString`), each receiving the
 * validated payload; optionally `onUnknownEvent` for unknown flexible events.
 */
export interface DynamicEventHandlers {
  readonly [event: string]: ((payload: never) => MaybePromise<void>) | undefined;
  /** Called for an unknown flexible event (see `EventHandler.onUnknownEvent`). */
  readonly onUnknownEvent?: (event: UnknownInteraction) => MaybePromise<void>;
}

/**
 * Delivers a dynamic (or generated) client's events to `handlers`; see {@link EventHandler} for
 * ordering, `serve()` and errors. An event without a handler counts as a throwing handler
 * (FidlError `NO_HANDLER`), as in generated code.
 */
export class DynamicEventHandler extends EventHandler {
  /** Throws FidlError `NO_SUCH_METHOD` for a handler name that is not an event of the protocol. */
  constructor(client: Client, handlers: DynamicEventHandlers, options?: EventHandlerOptions) {
    super(client, client.$protocol, options);
    const protocol = client.$protocol;
    for (const [name, handler] of Object.entries(handlers)) {
      if (handler === undefined) continue;
      if (name === "onUnknownEvent") {
        this.onUnknownEvent = handler as (event: UnknownInteraction) => MaybePromise<void>;
        continue;
      }
      const method = findMethod(protocol, name);
      if (method === undefined || method.kind !== "event") {
        const events = protocol.methods.filter((m) => m.kind === "event").map((m) => m.jsName);
        throw new FidlError(ZxStatus.NOT_FOUND, "NO_SUCH_METHOD", `handler ${name} names no event; events: ${events.join(", ") || "none"}`, {
          protocol: protocol.name,
        });
      }
      Object.defineProperty(this, method.jsName, { value: handler, writable: true, configurable: true });
    }
  }
}
