// Client: the base class of generated XxxClient — writes requests, matches responses by txid,
// validates what arrives, queues events for an EventHandler, and fails calls cleanly on close.
import { type Channel, type ChannelMessage, SYNC_DELIVERY } from "../channel/channel.ts";
import { ZxError } from "../zx/error.ts";
import { ZxStatus, type ZxStatusCode, statusName } from "../zx/status.ts";
import { formatOrdinal } from "../wire/ordinal.ts";
import { EPITAPH_ORDINAL, HEADER_BYTES, type MessageHeader, isFlexible } from "../wire/header.ts";
import { type EncodedMessage, decodeEpitaphStatus, decodeMessageBody, decodeMessageHeader, encodeMessage } from "../wire/message.ts";
import { FidlError, type FidlErrorCode, reportTo } from "./errors.ts";
import { protocolTable, type ProtocolTable } from "./method-table.ts";
import type { MethodDescriptor, ProtocolDescriptor } from "./protocol.ts";
import { type FidlResult, type ResultPromise, asResultPromise, createResult } from "./result.ts";
import { Invalid, isInvalid, validate } from "./validate.ts";

/** Per-call options of a two-way method. */
export interface CallOptions {
  /** Fail the call with TIMED_OUT after this many milliseconds; a late response is dropped. */
  timeoutMs?: number;
  /** Abort the call: it fails with CANCELED; a late response is dropped. */
  signal?: AbortSignal;
}

/** Options of a {@link Client}. */
export interface ClientOptions {
  /**
   * How many events may wait for an {@link EventHandler} (before one serves, or while an async
   * handler is busy). Default {@link DEFAULT_MAX_QUEUED_EVENTS}. Past it, a new event is dropped,
   * its handles are closed and `onError` receives a FidlError `EVENT_QUEUE_FULL` naming it — the
   * client and its calls carry on. `Infinity` disables the bound; `0` drops every event that
   * no handler is waiting for.
   */
  maxQueuedEvents?: number;
  /**
   * Receives what no caller would otherwise see: a protocol violation by the server (the channel
   * is closed; pending and later calls fail too) and dropped events. Default: `console.error`.
   */
  onError?: (error: FidlError) => void;
}

/** Default bound of the client's event queue. */
export const DEFAULT_MAX_QUEUED_EVENTS = 1024;

/** Largest txid: Zircon reserves txids with the high bit set for `zx_channel_call`. */
const MAX_TXID = 0x7fff_ffff;

/** Why a client stopped: applied to every pending and later call. */
interface Terminal {
  readonly status: ZxStatusCode;
  readonly code: FidlErrorCode;
  readonly message: string;
  readonly cause: unknown;
  /** The peer ended it (PEER_CLOSED, epitaph): one-way calls stay silent, as FIDL specifies. */
  readonly byPeer: boolean;
  /** A normal end (peer closed, epitaph, local close) rather than a protocol violation. */
  readonly normal: boolean;
  /** The method involved, for the report of a violation. */
  readonly method: string | undefined;
}

/** @internal An event waiting for a handler: a known event and its payload, or an unknown one. */
export type QueuedEvent =
  | { readonly method: MethodDescriptor; readonly payload: unknown; readonly handles: readonly Channel[] }
  | { readonly method: undefined; readonly ordinal: bigint; readonly handles: readonly Channel[] };

/** @internal How the client tells an attached event handler that something changed. */
export interface EventSubscriber {
  wake(): void;
}

/** @internal How the client ended, as an event handler sees it: normal, or the violation. */
export interface EventsEnd {
  readonly normal: boolean;
  readonly error: FidlError;
}

/** @internal Symbol-keyed hooks for EventHandler (symbols never collide with FIDL names). */
export const attachEvents = Symbol("fidl-ws.attachEvents");
/** @internal */
export const detachEvents = Symbol("fidl-ws.detachEvents");
/** @internal */
export const takeEvent = Symbol("fidl-ws.takeEvent");
/** @internal */
export const eventsEnd = Symbol("fidl-ws.eventsEnd");
/** @internal Test hook: sets the next txid to allocate. */
export const setNextTxid = Symbol("fidl-ws.setNextTxid");

/**
 * One call waiting for its response. It is its own abort listener (`handleEvent`) and timer
 * argument, so a call costs this object and its promise — no closures.
 */
class PendingCall {
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  signal: AbortSignal | undefined = undefined;
  /** Timed out or canceled: the entry keeps the txid reserved until the late response lands. */
  abandoned = false;

  constructor(
    readonly protocol: string,
    readonly method: MethodDescriptor,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  handleEvent(): void {
    this.abandon(ZxStatus.CANCELED, "CANCELED", "call canceled", this.signal?.reason);
  }

  abandon(status: ZxStatusCode, code: FidlErrorCode, message: string, cause?: unknown): void {
    if (this.abandoned) return;
    this.abandoned = true;
    this.release();
    const options = { protocol: this.protocol, method: this.method.name, ...(cause === undefined ? {} : { cause }) };
    this.reject(new FidlError(status, code, message, options));
  }

  release(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.signal !== undefined) this.signal.removeEventListener("abort", this);
    this.timer = undefined;
    this.signal = undefined;
  }
}

function onCallTimeout(call: PendingCall, timeoutMs: number): void {
  call.timer = undefined;
  call.abandon(ZxStatus.TIMED_OUT, "TIMED_OUT", `no response within ${timeoutMs} ms`);
}

/**
 * Base class of generated clients. Generated methods call `$twoWay`, `$twoWayResult` and
 * `$oneWay`; everything the base class adds is `$`-prefixed (or symbol-keyed) so it never
 * collides with a FIDL method name.
 *
 * - A request is validated, encoded and written synchronously when the method is called.
 * - A response is matched by txid (unique among pending calls, 1…2³¹−1, wrapping) and validated.
 * - An epitaph fails every pending and later call with its status (code `EPITAPH`); a peer close
 *   without one, with PEER_CLOSED. One-way calls on a peer-closed channel return silently.
 * - A protocol violation by the server (unknown txid, ordinal mismatch, undecodable or invalid
 *   body, unknown strict event) closes the channel and fails every pending and later call.
 * - Events wait in a bounded queue (see {@link ClientOptions.maxQueuedEvents}) for an
 *   {@link EventHandler}.
 */
export class Client {
  readonly #channel: Channel;
  readonly #table: ProtocolTable;
  readonly #pending = new Map<number, PendingCall>();
  #nextTxid = 1;
  #terminal: Terminal | undefined = undefined;
  readonly #events: QueuedEvent[] = [];
  readonly #maxQueuedEvents: number;
  readonly #onError: (error: FidlError) => void;
  #subscriber: EventSubscriber | undefined = undefined;

  /** Takes ownership of `channel` and starts reading it. */
  constructor(channel: Channel, protocol: ProtocolDescriptor, options: ClientOptions = {}) {
    this.#channel = channel;
    this.#table = protocolTable(protocol);
    this.#maxQueuedEvents = options.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS;
    this.#onError = options.onError ?? defaultOnError;
    channel.listen({
      message: (message) => this.#onMessage(message),
      closed: (reason) => this.#onClosed(reason),
      // Responses from a link arrive straight from its socket callback (no caller on the stack).
      [SYNC_DELIVERY]: true,
    });
  }

  /** The protocol this client speaks. */
  get $protocol(): ProtocolDescriptor {
    return this.#table.protocol;
  }

  /** True once the client can no longer make calls (closed, peer closed, or torn down). */
  get $isClosed(): boolean {
    return this.#terminal !== undefined;
  }

  /** Closes the channel: pending and later calls fail with CANCELED (code `CLOSED`). Idempotent. */
  $close(): void {
    if (this.#terminal !== undefined) return;
    for (const event of this.#events.splice(0)) closeAll(event.handles);
    this.#terminate({
      status: ZxStatus.CANCELED,
      code: "CLOSED",
      message: "client closed",
      cause: undefined,
      byPeer: false,
      normal: true,
      method: undefined,
    });
  }

  /** Same as `$close()`, for `using client = new EchoClient(channel)`. */
  [Symbol.dispose](): void {
    this.$close();
  }

  /** Calls a two-way method whose response is a plain payload (no result union). */
  protected $twoWay<T>(jsName: string, request: unknown, options?: CallOptions): Promise<T> {
    const method = this.#table.byJsName.get(jsName);
    if (method === undefined || method.kind !== "two-way" || method.hasResult) {
      return Promise.reject(this.#noSuchMethod(jsName, method, "a two-way method without a result union"));
    }
    return this.#call(method, request, options) as Promise<T>;
  }

  /**
   * Calls a two-way method whose response is a result union (error syntax, flexible): resolves
   * to a {@link FidlResult}; `.unwrap()` on the returned promise gives the payload or throws.
   */
  protected $twoWayResult<T, E>(jsName: string, request: unknown, options?: CallOptions): ResultPromise<T, E> {
    const method = this.#table.byJsName.get(jsName);
    if (method === undefined || method.kind !== "two-way" || !method.hasResult) {
      const error = this.#noSuchMethod(jsName, method, "a two-way method with a result union");
      return asResultPromise(Promise.reject(error));
    }
    return asResultPromise(this.#call(method, request, options) as Promise<FidlResult<T, E>>);
  }

  /**
   * Sends a one-way request; returns once written. Throws FidlError for an invalid request
   * (`INVALID_REQUEST`), an unwritable message (`WRITE_FAILED`) or a client this side closed;
   * returns silently if the peer has closed, as FIDL specifies for one-way calls.
   */
  protected $oneWay(jsName: string, request: unknown): void {
    const method = this.#table.byJsName.get(jsName);
    if (method === undefined || method.kind !== "one-way") {
      throw this.#noSuchMethod(jsName, method, "a one-way method");
    }
    const terminal = this.#terminal;
    if (terminal !== undefined) {
      if (terminal.byPeer) return;
      throw this.#terminalError(terminal, method);
    }
    const payload = validate(method.request, request, "request");
    if (isInvalid(payload)) throw this.#invalidRequest(method, payload);
    const error = this.#write(0, method, payload);
    if (error !== undefined && error.status !== ZxStatus.PEER_CLOSED) throw error;
  }

  #call(method: MethodDescriptor, request: unknown, options: CallOptions | undefined): Promise<unknown> {
    const terminal = this.#terminal;
    if (terminal !== undefined) return Promise.reject(this.#terminalError(terminal, method));
    const signal = options?.signal;
    if (signal?.aborted) {
      return Promise.reject(
        new FidlError(ZxStatus.CANCELED, "CANCELED", "call canceled before it was sent", {
          protocol: this.#table.protocol.name,
          method: method.name,
          cause: signal.reason,
        }),
      );
    }
    const payload = validate(method.request, request, "request");
    if (isInvalid(payload)) return Promise.reject(this.#invalidRequest(method, payload));
    const txid = this.#allocateTxid();
    const error = this.#write(txid, method, payload);
    // On PEER_CLOSED the call waits like any other: the close (or epitaph) still queued on the
    // channel fails it with the right status, so a call racing an epitaph sees the epitaph.
    if (error !== undefined && error.status !== ZxStatus.PEER_CLOSED) return Promise.reject(error);
    let call!: PendingCall;
    const promise = new Promise<unknown>((resolve, reject) => {
      call = new PendingCall(this.#table.protocol.name, method, resolve, reject);
    });
    this.#pending.set(txid, call);
    const timeoutMs = options?.timeoutMs;
    if (timeoutMs !== undefined) call.timer = setTimeout(onCallTimeout, timeoutMs, call, timeoutMs);
    if (signal !== undefined) {
      call.signal = signal;
      signal.addEventListener("abort", call, { once: true });
    }
    return promise;
  }

  /** Encodes and writes; returns the failure instead of throwing (callers differ in what to do). */
  #write(txid: number, method: MethodDescriptor, payload: unknown): FidlError | undefined {
    let message: EncodedMessage;
    try {
      message = encodeMessage(txid, method.ordinal, !method.strict, payload ?? null);
    } catch (cause) {
      const status = cause instanceof ZxError ? cause.status : ZxStatus.INVALID_ARGS;
      const names = { protocol: this.#table.protocol.name, method: method.name };
      return new FidlError(status, "ENCODE_FAILED", `request does not encode: ${messageOf(cause)}`, { ...names, cause });
    }
    try {
      this.#channel.write(message.bytes, message.handles);
      return undefined;
    } catch (cause) {
      const status = cause instanceof ZxError ? cause.status : ZxStatus.INTERNAL;
      const names = { protocol: this.#table.protocol.name, method: method.name };
      return new FidlError(status, "WRITE_FAILED", `request not written: ${messageOf(cause)}`, { ...names, cause });
    }
  }

  #allocateTxid(): number {
    if (this.#pending.size >= MAX_TXID) {
      throw new ZxError(ZxStatus.NO_RESOURCES, `${this.#table.protocol.name}: every txid is in use`);
    }
    let txid = this.#nextTxid;
    while (this.#pending.has(txid)) txid = txid >= MAX_TXID ? 1 : txid + 1;
    this.#nextTxid = txid >= MAX_TXID ? 1 : txid + 1;
    return txid;
  }

  #onMessage(message: ChannelMessage): void {
    let header: MessageHeader;
    try {
      header = decodeMessageHeader(message.bytes);
    } catch (cause) {
      closeAll(message.handles);
      this.#violation((cause as ZxError).status, "BAD_HEADER", (cause as ZxError).rawMessage, cause);
      return;
    }
    if (header.txid !== 0) {
      this.#onResponse(header.txid, header.ordinal, message.bytes, message.handles);
      return;
    }
    if (header.ordinal === EPITAPH_ORDINAL) {
      this.#onEpitaph(message.bytes.subarray(HEADER_BYTES), message.handles);
      return;
    }
    const event = this.#table.events.get(header.ordinal);
    if (event !== undefined) {
      this.#onEvent(event, message.bytes, message.handles);
      return;
    }
    closeAll(message.handles);
    const known = this.#table.requests.get(header.ordinal);
    if (known === undefined && isFlexible(header) && this.#table.protocol.openness !== "closed") {
      this.#enqueue({ method: undefined, ordinal: header.ordinal, handles: [] });
      return;
    }
    const what = known === undefined ? "unknown" : `${known.kind} method ${known.name}'s`;
    const strictness = isFlexible(header) ? "flexible" : "strict";
    this.#violation(
      ZxStatus.NOT_SUPPORTED,
      "UNKNOWN_ORDINAL",
      `${strictness} event with ${what} ordinal ${formatOrdinal(header.ordinal)} on a ${this.#table.protocol.openness} protocol`,
    );
  }

  /** `bytes` is the whole response; its body is decoded in place. */
  #onResponse(txid: number, ordinal: bigint, bytes: Uint8Array, handles: Channel[]): void {
    const call = this.#pending.get(txid);
    if (call === undefined) {
      closeAll(handles);
      const kind = ordinal === EPITAPH_ORDINAL ? "epitaph" : "response";
      this.#violation(ZxStatus.INVALID_ARGS, "UNEXPECTED_TXID", `${kind} with txid ${txid} matches no pending call`);
      return;
    }
    const method = call.method;
    if (ordinal !== method.ordinal) {
      closeAll(handles);
      this.#violation(
        ZxStatus.INVALID_ARGS,
        "ORDINAL_MISMATCH",
        `response with txid ${txid} has ordinal ${formatOrdinal(ordinal)}, but its request ${method.name} has ${formatOrdinal(method.ordinal)}`,
        undefined,
        method.name,
      );
      return;
    }
    this.#pending.delete(txid);
    if (call.abandoned) {
      closeAll(handles);
      return;
    }
    call.release();
    let decoded: unknown;
    try {
      decoded = decodeMessageBody(bytes, handles, HEADER_BYTES);
    } catch (cause) {
      closeAll(handles);
      const status = cause instanceof ZxError ? cause.status : ZxStatus.INVALID_ARGS;
      this.#violation(status, "DECODE_FAILED", `response does not decode: ${messageOf(cause)}`, cause, method.name, call);
      return;
    }
    const value = method.hasResult ? this.#toResult(method, decoded) : validate(method.response, decoded, "response");
    if (isInvalid(value)) {
      closeAll(handles);
      this.#violation(ZxStatus.INVALID_ARGS, "DECODE_FAILED", value.reason, value.issues, method.name, call);
      return;
    }
    call.resolve(value);
  }

  /** Checks a result union `{ response } | { err } | { framework_err }` and builds the result. */
  #toResult(method: MethodDescriptor, body: unknown): unknown {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return new Invalid("result: expected a result union { response } | { err } | { framework_err }", undefined);
    }
    const keys = Object.keys(body);
    const [key] = keys;
    if (keys.length !== 1) {
      return new Invalid(`result: expected exactly one of response, err, framework_err; got {${keys.join(", ")}}`, undefined);
    }
    const value = (body as Record<string, unknown>)[key!];
    const protocol = this.#table.protocol.name;
    if (key === "response") {
      const payload = validate(method.response, value, "result.response");
      return isInvalid(payload) ? payload : createResult("response", payload, protocol, method.name);
    }
    if (key === "err") {
      if (method.error === undefined) return new Invalid("result.err: the method has no error syntax", undefined);
      const err = validate(method.error, value, "result.err");
      return isInvalid(err) ? err : createResult("err", err, protocol, method.name);
    }
    if (key === "framework_err") {
      if (method.strict) return new Invalid("result.framework_err: a strict method cannot return a framework error", undefined);
      if (value !== -2) return new Invalid(`result.framework_err: unknown framework error ${String(value)}`, undefined);
      return createResult("frameworkErr", value, protocol, method.name);
    }
    return new Invalid(`result.${key}: not a result union variant`, undefined);
  }

  #onEpitaph(body: Uint8Array, handles: Channel[]): void {
    closeAll(handles);
    let status: ZxStatusCode;
    try {
      status = decodeEpitaphStatus(body);
    } catch (cause) {
      this.#violation(ZxStatus.INVALID_ARGS, "DECODE_FAILED", (cause as ZxError).rawMessage, cause);
      return;
    }
    this.#terminate({
      status,
      code: "EPITAPH",
      message: `server closed the channel with epitaph ${statusName(status)}`,
      cause: undefined,
      byPeer: true,
      normal: true,
      method: undefined,
    });
  }

  /** `bytes` is the whole event message; its body is decoded in place. */
  #onEvent(method: MethodDescriptor, bytes: Uint8Array, handles: Channel[]): void {
    let decoded: unknown;
    try {
      decoded = decodeMessageBody(bytes, handles, HEADER_BYTES);
    } catch (cause) {
      closeAll(handles);
      const status = cause instanceof ZxError ? cause.status : ZxStatus.INVALID_ARGS;
      this.#violation(status, "DECODE_FAILED", `event does not decode: ${messageOf(cause)}`, cause, method.name);
      return;
    }
    const payload = validate(method.request, decoded, "event");
    if (isInvalid(payload)) {
      closeAll(handles);
      this.#violation(ZxStatus.INVALID_ARGS, "DECODE_FAILED", payload.reason, payload.issues, method.name);
      return;
    }
    this.#enqueue({ method, payload, handles });
  }

  #enqueue(event: QueuedEvent): void {
    if (this.#events.length >= this.#maxQueuedEvents) {
      closeAll(event.handles);
      const name = event.method === undefined ? `unknown event ${formatOrdinal(event.ordinal)}` : `event ${event.method.name}`;
      reportTo(
        this.#onError,
        new FidlError(
          ZxStatus.NO_RESOURCES,
          "EVENT_QUEUE_FULL",
          `${name} dropped: ${this.#maxQueuedEvents} events are already waiting for an event handler`,
          { protocol: this.#table.protocol.name, method: event.method?.name },
        ),
      );
      return;
    }
    this.#events.push(event);
    this.#subscriber?.wake();
  }

  #onClosed(reason: ZxError): void {
    const peer = reason.status === ZxStatus.PEER_CLOSED;
    this.#terminate({
      status: reason.status,
      code: peer ? "PEER_CLOSED" : "CLOSED",
      message: reason.rawMessage,
      cause: undefined,
      byPeer: peer,
      normal: true,
      method: undefined,
    });
  }

  /** The server broke the protocol: close, fail everything, report. */
  #violation(
    status: ZxStatusCode,
    code: FidlErrorCode,
    message: string,
    cause?: unknown,
    method?: string,
    culprit?: PendingCall,
  ): void {
    const terminal: Terminal = { status, code, message, cause, byPeer: false, normal: false, method };
    if (culprit !== undefined) culprit.reject(this.#terminalError(terminal, culprit.method));
    this.#terminate(terminal);
  }

  #terminate(terminal: Terminal): void {
    if (this.#terminal !== undefined) return;
    this.#terminal = terminal;
    this.#channel.close();
    const calls = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of calls) {
      if (call.abandoned) continue;
      call.release();
      call.reject(this.#terminalError(terminal, call.method));
    }
    this.#subscriber?.wake();
    if (!terminal.normal) reportTo(this.#onError, this.#terminalError(terminal, undefined));
  }

  #terminalError(terminal: Terminal, method: MethodDescriptor | undefined): FidlError {
    return new FidlError(terminal.status, terminal.code, terminal.message, {
      protocol: this.#table.protocol.name,
      method: method?.name ?? terminal.method,
      ...(terminal.cause === undefined ? {} : { cause: terminal.cause }),
    });
  }

  #invalidRequest(method: MethodDescriptor, invalid: Invalid): FidlError {
    return new FidlError(ZxStatus.INVALID_ARGS, "INVALID_REQUEST", invalid.reason, {
      protocol: this.#table.protocol.name,
      method: method.name,
      cause: invalid.issues,
    });
  }

  #noSuchMethod(jsName: string, found: MethodDescriptor | undefined, expected: string): FidlError {
    const message = found === undefined ? `no method named ${jsName}` : `${jsName} is a ${found.kind} method, not ${expected}`;
    return new FidlError(ZxStatus.NOT_FOUND, "NO_SUCH_METHOD", message, { protocol: this.#table.protocol.name });
  }

  /** @internal Registers the one event handler; throws BAD_STATE if another is attached. */
  [attachEvents](subscriber: EventSubscriber): void {
    if (this.#subscriber !== undefined && this.#subscriber !== subscriber) {
      throw new FidlError(ZxStatus.BAD_STATE, "BAD_STATE", "the client already has an event handler serving", {
        protocol: this.#table.protocol.name,
      });
    }
    this.#subscriber = subscriber;
  }

  /** @internal */
  [detachEvents](subscriber: EventSubscriber): void {
    if (this.#subscriber === subscriber) this.#subscriber = undefined;
  }

  /** @internal The next queued event, oldest first. */
  [takeEvent](): QueuedEvent | undefined {
    return this.#events.shift();
  }

  /** @internal How the client ended, once it has; `undefined` while it is open. */
  [eventsEnd](): EventsEnd | undefined {
    const terminal = this.#terminal;
    if (terminal === undefined) return undefined;
    return { normal: terminal.normal, error: this.#terminalError(terminal, undefined) };
  }

  /** @internal */
  [setNextTxid](txid: number): void {
    this.#nextTxid = txid;
  }
}

function closeAll(handles: readonly Channel[]): void {
  for (const handle of handles) handle.close();
}

function messageOf(error: unknown): string {
  if (error instanceof ZxError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function defaultOnError(error: FidlError): void {
  console.error(error);
}
