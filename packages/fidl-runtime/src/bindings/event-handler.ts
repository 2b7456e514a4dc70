// EventHandler: the base class of generated XxxEventHandler — delivers a client's events, in
// order, one handler call at a time.
import { untilSettled } from "./abort.ts";
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import { formatOrdinal } from "../wire/ordinal.ts";
import { type Client, type EventSubscriber, type QueuedEvent, attachEvents, detachEvents, eventsEnd, takeEvent } from "./client.ts";
import { FidlError, reportTo } from "./errors.ts";
import type { ProtocolDescriptor } from "./protocol.ts";
import { type MaybePromise, isPromiseLike } from "./result.ts";
import { StopEventHandler } from "./stop.ts";
import type { UnknownInteraction } from "./unknown-interaction.ts";

/** Options of an {@link EventHandler}. */
export interface EventHandlerOptions {
  /**
   * Receives a FidlError `HANDLER_FAILED` (the thrown error is `cause`) or `NO_HANDLER` when a
   * handler fails, even if nobody awaits `serve()`. Default: `console.error`.
   */
  onError?: (error: FidlError) => void;
}

/**
 * Base class of generated event handlers: one method per event (named as on the descriptor,
 * e.g. `onString(payload)`), sync or async, plus the overridable {@link onUnknownEvent}.
 *
 * `serve()` delivers the client's events in arrival order — including those that arrived before
 * it was called — awaiting each async handler before the next. It resolves when the client's
 * channel closes (peer closed, epitaph, `$close()`), after every queued event was delivered, when a
 * handler throws {@link StopEventHandler}, or on `$stop()`. It rejects with the handler's error
 * when a handler throws anything else (the client stays open; `onError` is told), and with the
 * FidlError when the server broke the protocol. A missing handler counts as a throwing one.
 * The returned promise is marked handled, so an un-awaited `serve()` never crashes the process.
 */
export abstract class EventHandler {
  readonly #client: Client;
  readonly #onError: (error: FidlError) => void;
  readonly #subscriber: EventSubscriber;
  #served: Promise<void> | undefined = undefined;
  #wake: (() => void) | undefined = undefined;
  #stopRequested = false;

  /** Binds to `client`; events are delivered once `serve()` is called. */
  constructor(client: Client, protocol: ProtocolDescriptor, options: EventHandlerOptions = {}) {
    if (client.$protocol !== protocol) {
      throw new ZxError(
        ZxStatus.WRONG_TYPE,
        `an event handler for ${protocol.name} cannot serve a client of ${client.$protocol.name}`,
      );
    }
    this.#client = client;
    this.#onError = options.onError ?? defaultOnError;
    this.#subscriber = {
      wake: () => {
        const wake = this.#wake;
        this.#wake = undefined;
        wake?.();
      },
    };
  }

  /**
   * Delivers events until the channel closes or the handler stops (see the class doc), or until
   * `signal` aborts. Calling it again returns the same promise. Rejects with BAD_STATE if another
   * handler serves the client.
   */
  serve(signal?: AbortSignal): Promise<void> {
    if (this.#served !== undefined) return this.#served;
    try {
      this.#client[attachEvents](this.#subscriber);
      this.#served = this.#run();
    } catch (error) {
      this.#served = Promise.reject(error);
    }
    this.#served.catch(ignore);
    if (signal !== undefined) untilSettled(this.#served, signal, () => this.$stop());
    return this.#served;
  }

  /** Stops delivering after the current handler returns; `serve()` resolves. The client stays open. */
  $stop(): void {
    this.#stopRequested = true;
    this.#subscriber.wake();
  }

  /**
   * Called for a flexible event this side does not know (open and ajar protocols). Override it;
   * the default ignores the event, as RFC-0138 allows. Its handles were already closed.
   */
  onUnknownEvent(_event: UnknownInteraction): MaybePromise<void> {}

  async #run(): Promise<void> {
    const client = this.#client;
    try {
      for (;;) {
        if (this.#stopRequested) return;
        const event = client[takeEvent]();
        if (event === undefined) {
          const end = client[eventsEnd]();
          if (end !== undefined) {
            if (end.normal) return;
            throw end.error;
          }
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
          continue;
        }
        try {
          const result = this.#dispatch(event);
          if (isPromiseLike(result)) await result;
        } catch (error) {
          if (error instanceof StopEventHandler) return;
          reportTo(this.#onError, handlerFailure(client.$protocol.name, event, error));
          throw error;
        }
      }
    } finally {
      client[detachEvents](this.#subscriber);
    }
  }

  #dispatch(event: QueuedEvent): unknown {
    if (event.method === undefined) return this.onUnknownEvent({ ordinal: event.ordinal, kind: "event" });
    const handler = (this as unknown as Record<string, unknown>)[event.method.jsName];
    if (typeof handler !== "function") {
      throw new FidlError(ZxStatus.NOT_SUPPORTED, "NO_HANDLER", `no handler ${event.method.jsName}() for this event`, {
        protocol: this.#client.$protocol.name,
        method: event.method.name,
      });
    }
    return handler.call(this, event.payload);
  }
}

function handlerFailure(protocol: string, event: QueuedEvent, error: unknown): FidlError {
  if (FidlError.isCode(error, "NO_HANDLER")) return error;
  const method = event.method?.name ?? `unknown event ${formatOrdinal((event as { ordinal: bigint }).ordinal)}`;
  const message = error instanceof Error ? error.message : String(error);
  return new FidlError(ZxStatus.INTERNAL, "HANDLER_FAILED", `event handler threw: ${message}`, {
    protocol,
    method,
    cause: error,
  });
}

function ignore(): void {}

function defaultOnError(error: FidlError): void {
  console.error(error);
}
