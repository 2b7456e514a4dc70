// Server: the base class of generated XxxServer — validates requests, calls handlers, sends
// replies and events, and applies FIDL's teardown and unknown-interaction rules.
import { untilSettled } from "./abort.ts";
import { type Channel, type ChannelMessage, SYNC_DELIVERY } from "../channel/channel.ts";
import { ZxError } from "../zx/error.ts";
import { ZxStatus, type ZxStatusCode } from "../zx/status.ts";
import { formatOrdinal } from "../wire/ordinal.ts";
import { EPITAPH_ORDINAL, HEADER_BYTES, type MessageHeader, isFlexible } from "../wire/header.ts";
import { type EncodedMessage, decodeMessageBody, decodeMessageHeader, encodeMessage } from "../wire/message.ts";
import { FidlError, type FidlErrorCode, reportTo } from "./errors.ts";
import { protocolTable, type ProtocolTable } from "./method-table.ts";
import type { MethodDescriptor, ProtocolDescriptor } from "./protocol.ts";
import { FrameworkErrorCode, isDomainError, isFrameworkError, type MaybePromise, isPromiseLike } from "./result.ts";
import { StopServer } from "./stop.ts";
import type { UnknownInteraction } from "./unknown-interaction.ts";
import { Invalid, isInvalid, validate } from "./validate.ts";

/** Options of a {@link Server}. */
export interface ServerOptions {
  /**
   * Told every time the server fails or closes the channel on the client's behalf, even when
   * nobody awaits `serve()`: a handler threw (`HANDLER_FAILED`, the thrown error is `cause`), a
   * handler is missing (`NO_HANDLER`) or returned a bad value (`INVALID_RESPONSE`), or the client
   * broke the protocol (`DECODE_FAILED` naming the method and field path, `UNEXPECTED_TXID`,
   * `UNKNOWN_ORDINAL`, `BAD_HEADER`, `UNEXPECTED_EPITAPH`). Default: `console.error`; pass
   * `() => {}` if you handle `serve()`'s rejection yourself.
   */
  onError?: (error: FidlError) => void;
  /**
   * How many async handlers may run at once. At the limit the server stops reading its channel
   * until one finishes, so further requests wait in the channel (and, over the link, the client
   * is held back by the link's credit window) instead of piling up in memory. Default
   * {@link DEFAULT_MAX_CONCURRENT_HANDLERS}.
   */
  maxConcurrentHandlers?: number;
}

/** Default {@link ServerOptions.maxConcurrentHandlers}. */
export const DEFAULT_MAX_CONCURRENT_HANDLERS = 1024;

/** How serving ended. */
type Outcome = { readonly failed: false; readonly byPeer: boolean } | { readonly failed: true; readonly error: unknown };

/**
 * Base class of generated servers: one abstract handler per method (named by the descriptor's
 * `jsName`), sync or async; requests are dispatched as they arrive, so async handlers run
 * concurrently and replies may go out of order (txids keep them apart).
 *
 * `serve()` resolves when the peer closes, a handler throws {@link StopServer}, or this side
 * closes (`$close()`, `closeWithEpitaph()`). When a handler throws anything else, the channel is
 * closed (the client sees PEER_CLOSED), `onError` is told and `serve()` rejects with that error.
 * A request that breaks the protocol — invalid against its schema, wrong txid, unknown strict
 * ordinal, bad magic, an epitaph — closes the channel, is reported to `onError` with the method
 * and field path, and rejects `serve()` with that FidlError. The promise is marked handled, so an
 * un-awaited `serve()` never crashes the process. Replies of handlers still running when serving
 * ends are dropped.
 *
 * Unknown interactions follow RFC-0138: a flexible one-way request on an open or ajar protocol,
 * or a flexible two-way request on an open protocol (auto-answered with `framework_err
 * UNKNOWN_METHOD`, same txid and ordinal, FLEXIBLE bit), goes to {@link onUnknownMethod};
 * anything else unknown closes the channel. Handles in unknown messages are closed first.
 */
export abstract class Server {
  readonly #channel: Channel;
  readonly #table: ProtocolTable;
  readonly #onError: (error: FidlError) => void;
  #outcome: Outcome | undefined = undefined;
  #served: Promise<void> | undefined = undefined;
  #resolve: (() => void) | undefined = undefined;
  #reject: ((error: unknown) => void) | undefined = undefined;
  readonly #maxConcurrent: number;
  /** Async handlers still running. */
  #running = 0;
  /** True while reading is paused because `#running` reached the limit. */
  #paused = false;
  readonly #listener = {
    message: (message: ChannelMessage) => this.#onMessage(message),
    closed: (reason: ZxError) => this.#finish({ failed: false, byPeer: reason.status === ZxStatus.PEER_CLOSED }),
    // Requests from a link are dispatched straight from its socket callback (no caller on the stack).
    [SYNC_DELIVERY]: true as const,
  };

  /** Takes ownership of `channel`; requests are read once `serve()` is called. */
  constructor(channel: Channel, protocol: ProtocolDescriptor, options: ServerOptions = {}) {
    this.#channel = channel;
    this.#table = protocolTable(protocol);
    this.#onError = options.onError ?? defaultOnError;
    this.#maxConcurrent = Math.max(1, options.maxConcurrentHandlers ?? DEFAULT_MAX_CONCURRENT_HANDLERS);
  }

  /**
   * Serves requests until the channel closes or a handler stops or fails. Idempotent. When
   * `signal` aborts, the server closes its channel and `serve()` resolves (so a TaskGroup or
   * `serveLogged` can end it).
   */
  serve(signal?: AbortSignal): Promise<void> {
    if (this.#served !== undefined) return this.#served;
    this.#served = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#served.catch(ignore);
    if (this.#outcome !== undefined) {
      this.#settle(this.#outcome);
    } else {
      try {
        this.#channel.listen(this.#listener);
      } catch (error) {
        this.#finish({ failed: true, error });
      }
    }
    if (signal !== undefined) untilSettled(this.#served, signal, () => this.$close());
    return this.#served;
  }

  /** Writes an epitaph with `status` and closes the channel; `serve()` resolves. No-op once closed. */
  closeWithEpitaph(status: ZxStatusCode): void {
    if (this.#outcome !== undefined) return;
    try {
      this.#channel.closeWithEpitaph(status);
    } catch {
      // The handle is already gone (moved or closed); closing is all that was left to do.
    }
    this.#finish({ failed: false, byPeer: false });
  }

  /** Closes the channel (the client sees PEER_CLOSED); `serve()` resolves. Idempotent. */
  $close(): void {
    this.#finish({ failed: false, byPeer: false });
  }

  /** Same as `$close()`. */
  [Symbol.dispose](): void {
    this.$close();
  }

  /**
   * Called for an unknown flexible interaction RFC-0138 lets through (see the class doc), after
   * the automatic reply for a two-way one. Override it; the default does nothing. Throwing
   * behaves as in any handler.
   */
  onUnknownMethod(_interaction: UnknownInteraction): MaybePromise<void> {}

  /**
   * Sends an event (txid 0, FLEXIBLE bit for flexible events). Throws FidlError for an invalid
   * payload (`INVALID_REQUEST`), an unwritable message (`WRITE_FAILED`) or a server this side
   * closed (`CLOSED`); returns silently if the peer has closed.
   */
  protected $sendEvent(jsName: string, payload: unknown): void {
    const method = this.#table.byJsName.get(jsName);
    if (method === undefined || method.kind !== "event") {
      throw new FidlError(ZxStatus.NOT_FOUND, "NO_SUCH_METHOD", `no event named ${jsName}`, {
        protocol: this.#table.protocol.name,
      });
    }
    const outcome = this.#outcome;
    if (outcome !== undefined) {
      if (!outcome.failed && outcome.byPeer) return;
      throw new FidlError(ZxStatus.BAD_HANDLE, "CLOSED", "the server's channel is closed", this.#names(method));
    }
    const value = validate(method.request, payload, "event");
    if (isInvalid(value)) {
      throw new FidlError(ZxStatus.INVALID_ARGS, "INVALID_REQUEST", value.reason, { ...this.#names(method), cause: value.issues });
    }
    const error = this.#write(0, method.ordinal, !method.strict, value ?? null, method);
    if (error !== undefined && error.status !== ZxStatus.PEER_CLOSED) throw error;
  }

  #onMessage(message: ChannelMessage): void {
    let header: MessageHeader;
    try {
      header = decodeMessageHeader(message.bytes);
    } catch (cause) {
      closeAll(message.handles);
      this.#violation((cause as ZxError).status, "BAD_HEADER", (cause as ZxError).rawMessage, undefined, cause);
      return;
    }
    if (header.ordinal === EPITAPH_ORDINAL) {
      closeAll(message.handles);
      this.#violation(ZxStatus.INVALID_ARGS, "UNEXPECTED_EPITAPH", "received an epitaph; only servers send them");
      return;
    }
    const method = this.#table.requests.get(header.ordinal);
    if (method === undefined) {
      this.#onUnknown(header, message.handles);
      return;
    }
    const { txid } = header;
    if ((method.kind === "one-way") !== (txid === 0)) {
      closeAll(message.handles);
      const rule = txid === 0 ? "a two-way request needs a non-zero txid" : "a one-way request carries txid 0";
      this.#violation(ZxStatus.INVALID_ARGS, "UNEXPECTED_TXID", `request has txid ${txid}; ${rule}`, method);
      return;
    }
    let decoded: unknown;
    try {
      decoded = decodeMessageBody(message.bytes, message.handles, HEADER_BYTES);
    } catch (cause) {
      closeAll(message.handles);
      const status = cause instanceof ZxError ? cause.status : ZxStatus.INVALID_ARGS;
      this.#violation(status, "DECODE_FAILED", `request does not decode: ${messageOf(cause)}`, method, cause);
      return;
    }
    const request = validate(method.request, decoded, "request");
    if (isInvalid(request)) {
      closeAll(message.handles);
      this.#violation(ZxStatus.INVALID_ARGS, "DECODE_FAILED", request.reason, method, request.issues);
      return;
    }
    this.#dispatch(method, txid, request);
  }

  #onUnknown(header: MessageHeader, handles: Channel[]): void {
    closeAll(handles);
    const twoWay = header.txid !== 0;
    const flexible = isFlexible(header);
    const openness = this.#table.protocol.openness;
    if (!flexible || openness === "closed" || (twoWay && openness !== "open")) {
      const what = `${flexible ? "flexible" : "strict"} ${twoWay ? "two-way" : "one-way"}`;
      this.#violation(
        ZxStatus.NOT_SUPPORTED,
        "UNKNOWN_ORDINAL",
        `unknown ${what} method ordinal ${formatOrdinal(header.ordinal)} on a ${openness} protocol`,
      );
      return;
    }
    if (twoWay) {
      const error = this.#write(header.txid, header.ordinal, true, { framework_err: FrameworkErrorCode.UNKNOWN_METHOD });
      if (error !== undefined && error.status !== ZxStatus.PEER_CLOSED) {
        this.#fail(error, error);
        return;
      }
    }
    const label = `unknown method ${formatOrdinal(header.ordinal)}`;
    let result: unknown;
    try {
      result = this.onUnknownMethod({ ordinal: header.ordinal, kind: twoWay ? "two-way" : "one-way" });
    } catch (error) {
      this.#handlerThrew(label, undefined, error);
      return;
    }
    if (isPromiseLike(result)) void this.#awaitHandler(label, undefined, 0, result);
  }

  #dispatch(method: MethodDescriptor, txid: number, request: unknown): void {
    const handler = (this as unknown as Record<string, unknown>)[method.jsName];
    if (typeof handler !== "function") {
      const error = new FidlError(ZxStatus.NOT_SUPPORTED, "NO_HANDLER", `no handler ${method.jsName}() for this method`, this.#names(method));
      this.#fail(error, error);
      return;
    }
    let result: unknown;
    try {
      result = handler.call(this, request);
    } catch (error) {
      this.#handlerThrew(method.name, method, error, txid);
      return;
    }
    if (isPromiseLike(result)) {
      void this.#awaitHandler(method.name, method, txid, result);
    } else if (txid !== 0) {
      this.#reply(method, txid, result);
    }
  }

  async #awaitHandler(label: string, method: MethodDescriptor | undefined, txid: number, pending: PromiseLike<unknown>): Promise<void> {
    this.#handlerStarted();
    let value: unknown;
    try {
      value = await pending;
    } catch (error) {
      this.#handlerFinished();
      this.#handlerThrew(label, method, error, txid);
      return;
    }
    this.#handlerFinished();
    if (method !== undefined && txid !== 0) this.#reply(method, txid, value);
  }

  #handlerStarted(): void {
    if (++this.#running < this.#maxConcurrent || this.#paused) return;
    this.#paused = true;
    this.#channel.unlisten();
    // Not listening, the server would never hear of a closed peer: its queued requests can no
    // longer be answered, so serving ends then.
    this.#channel.watchPeerClosed(this.#peerClosedWhilePaused);
  }

  #handlerFinished(): void {
    this.#running--;
    if (!this.#paused || this.#running >= this.#maxConcurrent) return;
    this.#paused = false;
    if (this.#outcome === undefined && this.#channel.isValid) {
      this.#channel.watchPeerClosed(undefined);
      this.#channel.listen(this.#listener);
    }
  }

  readonly #peerClosedWhilePaused = (): void => this.#finish({ failed: false, byPeer: true });

  #handlerThrew(label: string, method: MethodDescriptor | undefined, error: unknown, txid = 0): void {
    if (error instanceof StopServer) {
      this.#finish({ failed: false, byPeer: false });
      return;
    }
    // A thrown DomainError is the same as a returned one: a convenience for deep call stacks.
    if (isDomainError(error) && method !== undefined && txid !== 0 && method.error !== undefined) {
      this.#reply(method, txid, error);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const report = new FidlError(ZxStatus.INTERNAL, "HANDLER_FAILED", `handler threw: ${message}`, {
      protocol: this.#table.protocol.name,
      method: label,
      cause: error,
    });
    this.#fail(report, error);
  }

  /** Validates and writes a reply; a reply that does not fit the method fails the server. */
  #reply(method: MethodDescriptor, txid: number, value: unknown): void {
    if (this.#outcome !== undefined) return;
    const body = this.#replyBody(method, value);
    if (isInvalid(body)) {
      const error = new FidlError(ZxStatus.INVALID_ARGS, "INVALID_RESPONSE", `handler returned an invalid reply: ${body.reason}`, {
        ...this.#names(method),
        cause: body.issues,
      });
      this.#fail(error, error);
      return;
    }
    const error = this.#write(txid, method.ordinal, !method.strict, body, method);
    if (error !== undefined && error.status !== ZxStatus.PEER_CLOSED) this.#fail(error, error);
  }

  #replyBody(method: MethodDescriptor, value: unknown): unknown {
    if (!method.hasResult) {
      if (isDomainError(value) || isFrameworkError(value)) {
        return new Invalid(`response: ${String(value)} returned, but the method has no result union`, undefined);
      }
      const payload = validate(method.response, value, "response");
      return isInvalid(payload) ? payload : (payload ?? null);
    }
    if (isDomainError(value)) {
      if (method.error === undefined) return new Invalid("result.err: the method has no error syntax", undefined);
      const err = validate(method.error, value.error, "result.err");
      return isInvalid(err) ? err : { err };
    }
    if (isFrameworkError(value)) {
      if (method.strict) return new Invalid("result.framework_err: a strict method cannot return a framework error", undefined);
      return { framework_err: value.code };
    }
    const payload = validate(method.response, value, "result.response");
    return isInvalid(payload) ? payload : { response: payload ?? null };
  }

  #write(txid: number, ordinal: bigint, flexible: boolean, body: unknown, method?: MethodDescriptor): FidlError | undefined {
    let message: EncodedMessage;
    try {
      message = encodeMessage(txid, ordinal, flexible, body);
    } catch (cause) {
      const status = cause instanceof ZxError ? cause.status : ZxStatus.INVALID_ARGS;
      return new FidlError(status, "ENCODE_FAILED", `message does not encode: ${messageOf(cause)}`, { ...this.#namesOf(method), cause });
    }
    try {
      this.#channel.write(message.bytes, message.handles);
      return undefined;
    } catch (cause) {
      const status = cause instanceof ZxError ? cause.status : ZxStatus.INTERNAL;
      return new FidlError(status, "WRITE_FAILED", `message not written: ${messageOf(cause)}`, { ...this.#namesOf(method), cause });
    }
  }

  /** Error names for a message of `method`, or of the protocol alone (built only on error paths). */
  #namesOf(method: MethodDescriptor | undefined): { protocol: string; method?: string } {
    return method === undefined ? { protocol: this.#table.protocol.name } : this.#names(method);
  }

  /** The client broke the protocol: close the channel, report, reject `serve()`. */
  #violation(status: ZxStatusCode, code: FidlErrorCode, message: string, method?: MethodDescriptor, cause?: unknown): void {
    const names = method === undefined ? { protocol: this.#table.protocol.name } : this.#names(method);
    const error = new FidlError(status, code, message, cause === undefined ? names : { ...names, cause });
    this.#fail(error, error);
  }

  /** Reports `report` (always) and, if still serving, closes and rejects `serve()` with `thrown`. */
  #fail(report: FidlError, thrown: unknown): void {
    this.#finish({ failed: true, error: thrown });
    reportTo(this.#onError, report);
  }

  #finish(outcome: Outcome): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    this.#channel.close();
    if (this.#served !== undefined) this.#settle(outcome);
  }

  #settle(outcome: Outcome): void {
    if (outcome.failed) this.#reject?.(outcome.error);
    else this.#resolve?.();
  }

  #names(method: MethodDescriptor): { protocol: string; method: string } {
    return { protocol: this.#table.protocol.name, method: method.name };
  }
}

function closeAll(handles: readonly Channel[]): void {
  for (const handle of handles) handle.close();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function ignore(): void {}

function defaultOnError(error: FidlError): void {
  console.error(error);
}
