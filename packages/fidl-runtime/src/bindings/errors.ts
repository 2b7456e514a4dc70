// FidlError: the one error bindings raise, with a stable code saying which rule was broken.
import { ZxError } from "../zx/error.ts";
import type { ZxStatusCode } from "../zx/status.ts";

/**
 * Stable codes carried by {@link FidlError}. Switch on `code`, not on the message.
 *
 * | code                | status                        | raised when |
 * |---------------------|-------------------------------|-------------|
 * | `INVALID_REQUEST`   | INVALID_ARGS                  | a caller's request, event or reply does not match its schema; nothing was written |
 * | `ENCODE_FAILED`     | from the encoder              | a value could not be encoded (e.g. a closed channel inside it) |
 * | `WRITE_FAILED`      | from the channel              | the channel refused the message (OUT_OF_RANGE past 65,536 bytes / 64 handles, BAD_HANDLE) |
 * | `DECODE_FAILED`     | INVALID_ARGS / BAD_HANDLE     | a received body does not decode or does not match its schema; the channel is closed |
 * | `BAD_HEADER`        | INVALID_ARGS / PROTOCOL_NOT_SUPPORTED | a received message is shorter than a header or has a bad magic number; closed |
 * | `UNEXPECTED_TXID`   | INVALID_ARGS                  | a response with no pending call, an event with txid≠0, a one-way request with txid≠0, a two-way request with txid 0; closed |
 * | `ORDINAL_MISMATCH`  | INVALID_ARGS                  | a response whose ordinal is not its request's; closed |
 * | `UNKNOWN_ORDINAL`   | NOT_SUPPORTED                 | an unknown ordinal that RFC-0138 says to close on (strict, or flexible where the protocol's openness forbids it) |
 * | `UNEXPECTED_EPITAPH`| INVALID_ARGS                  | a server received an epitaph; closed |
 * | `EPITAPH`           | the epitaph's status          | the server closed the channel with an epitaph: every pending and later call fails |
 * | `PEER_CLOSED`       | PEER_CLOSED                   | the peer closed the channel without an epitaph |
 * | `CLOSED`            | CANCELED / BAD_HANDLE         | this side closed: a client's pending and later calls (CANCELED), a server's event sends (BAD_HANDLE) |
 * | `TIMED_OUT`         | TIMED_OUT                     | a call's `timeoutMs` elapsed; a late response is dropped |
 * | `CANCELED`          | CANCELED                      | a call's `signal` aborted; a late response is dropped |
 * | `HANDLER_FAILED`    | INTERNAL                      | a server or event handler threw (the thrown error is `cause`) |
 * | `NO_HANDLER`        | NOT_SUPPORTED                 | a server or event handler does not implement the method (treated as a throw) |
 * | `INVALID_RESPONSE`  | INVALID_ARGS                  | a server handler returned a value that does not fit the method's response |
 * | `EVENT_QUEUE_FULL`  | NO_RESOURCES                  | an event arrived while `maxQueuedEvents` were waiting for a handler; it was dropped |
 * | `BAD_STATE`         | BAD_STATE                     | a second event handler serving one client |
 * | `NO_SUCH_METHOD`    | NOT_FOUND                     | generated code named a method the descriptor lacks (or of the wrong kind) |
 * | `DOMAIN_ERROR`      | INTERNAL                      | `unwrap()` on a result holding `err` (the `DomainError` is `cause`) |
 * | `FRAMEWORK_ERROR`   | NOT_SUPPORTED                 | `unwrap()` on a result holding `frameworkErr` UNKNOWN_METHOD (the `FrameworkError` is `cause`) |
 */
export type FidlErrorCode =
  | "INVALID_REQUEST"
  | "ENCODE_FAILED"
  | "WRITE_FAILED"
  | "DECODE_FAILED"
  | "BAD_HEADER"
  | "UNEXPECTED_TXID"
  | "ORDINAL_MISMATCH"
  | "UNKNOWN_ORDINAL"
  | "UNEXPECTED_EPITAPH"
  | "EPITAPH"
  | "PEER_CLOSED"
  | "CLOSED"
  | "TIMED_OUT"
  | "CANCELED"
  | "HANDLER_FAILED"
  | "NO_HANDLER"
  | "INVALID_RESPONSE"
  | "EVENT_QUEUE_FULL"
  | "BAD_STATE"
  | "NO_SUCH_METHOD"
  | "DOMAIN_ERROR"
  | "FRAMEWORK_ERROR";

/** Options for {@link FidlError}. */
export interface FidlErrorOptions {
  /** Fully qualified protocol name, e.g. `fuchsia.examples/Echo`. */
  protocol?: string | undefined;
  /** FIDL method name, e.g. `EchoString`. */
  method?: string | undefined;
  /** The underlying error: zod issues, the handler's exception, the channel's ZxError. */
  cause?: unknown;
}

/**
 * A FIDL interaction failed. It is a {@link ZxError} (so `status` works everywhere) with a stable
 * `code` (see {@link FidlErrorCode}), the protocol and method involved, and the `cause`. The
 * message reads `[ZX_ERR_PEER_CLOSED] fuchsia.examples/Echo.EchoString: channel closed by peer`.
 */
export class FidlError extends ZxError {
  override name = "FidlError";
  readonly code: FidlErrorCode;
  readonly protocol: string | undefined;
  readonly method: string | undefined;

  constructor(status: ZxStatusCode, code: FidlErrorCode, message: string, options: FidlErrorOptions = {}) {
    super(status, prefix(options.protocol, options.method) + message, "cause" in options ? { cause: options.cause } : {});
    this.code = code;
    this.protocol = options.protocol;
    this.method = options.method;
  }

  /** True if `error` is a FidlError, optionally with the given code. */
  static isCode(error: unknown, code?: FidlErrorCode): error is FidlError {
    return error instanceof FidlError && (code === undefined || error.code === code);
  }
}

function prefix(protocol: string | undefined, method: string | undefined): string {
  if (protocol === undefined) return method === undefined ? "" : `${method}: `;
  return method === undefined ? `${protocol}: ` : `${protocol}.${method}: `;
}

/**
 * @internal Calls a user's `onError` hook. A hook that throws must not leave the object half
 * closed or escape into a microtask (an uncaught exception): its own failure is printed instead.
 */
export function reportTo(hook: (error: FidlError) => void, error: FidlError): void {
  try {
    hook(error);
  } catch (hookError) {
    console.error("fidl-ws: an onError hook threw while reporting", error, hookError);
  }
}
