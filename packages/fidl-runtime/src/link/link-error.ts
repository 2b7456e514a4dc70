// LinkError: why the link refused a frame, closed a channel, or ended.
import { ZxError } from "../zx/error.ts";
import { ZxStatus, type ZxStatusCode } from "../zx/status.ts";

/**
 * Stable codes for everything the link reports. Scope says what the link closes in response.
 *
 * | code | status | closes |
 * |---|---|---|
 * | `FRAME_CORRUPT` | IO_DATA_INTEGRITY | the link (a frame that does not decode) |
 * | `FRAME_TOO_LARGE` | OUT_OF_RANGE | the link (over ws `maxPayload`) |
 * | `UNKNOWN_CHANNEL` | NOT_FOUND | nothing: the frame is dropped |
 * | `FOREIGN_HANDLE_ID` | BAD_HANDLE | the channel the message was for |
 * | `HANDLE_ID_REUSED` | ALREADY_EXISTS | the channel the message was for |
 * | `MESSAGE_TOO_LARGE` | OUT_OF_RANGE | the channel the message was for |
 * | `CREDIT_EXCEEDED` | IO_OVERRUN | the channel (the peer ignored flow control) |
 * | `CREDIT_INVALID` | INVALID_ARGS | the channel (a grant of 0 or beyond the window) |
 * | `IDS_EXHAUSTED` | NO_RESOURCES | the channel whose message carried the handles |
 * | `CLOSED_LOCALLY` | CANCELED | the link (`link.close()`) |
 * | `SOCKET_CLOSED` | PEER_CLOSED | the link (the peer closed the socket normally) |
 * | `PEER_ABORTED` | CONNECTION_ABORTED | the link (the peer closed with an error code) |
 * | `SOCKET_LOST` | CONNECTION_RESET | the link (closed without a close frame: process died, network) |
 * | `SOCKET_ERROR` | IO | the link (a socket error) |
 * | `KEEPALIVE_TIMEOUT` | TIMED_OUT | the link (no pong within `keepAliveMs`) |
 * | `CONNECT_FAILED` | CONNECTION_REFUSED, ACCESS_DENIED, TIMED_OUT or CANCELED | no link was made |
 * | `INTERNAL` | INTERNAL | the link (a bug in the link itself) |
 */
export type LinkErrorCode =
  | "FRAME_CORRUPT"
  | "FRAME_TOO_LARGE"
  | "UNKNOWN_CHANNEL"
  | "FOREIGN_HANDLE_ID"
  | "HANDLE_ID_REUSED"
  | "MESSAGE_TOO_LARGE"
  | "CREDIT_EXCEEDED"
  | "CREDIT_INVALID"
  | "IDS_EXHAUSTED"
  | "CLOSED_LOCALLY"
  | "SOCKET_CLOSED"
  | "PEER_ABORTED"
  | "SOCKET_LOST"
  | "SOCKET_ERROR"
  | "KEEPALIVE_TIMEOUT"
  | "CONNECT_FAILED"
  | "INTERNAL";

/** Options for {@link LinkError}. */
export interface LinkErrorOptions {
  /** The channel id the error is about, if any. */
  channelId?: number;
  cause?: unknown;
}

/**
 * A link-level failure: a ZxError with a stable `code` and, when it concerns one channel, its
 * id. The message reads `[ZX_ERR_NOT_FOUND] link: frame names channel 12, never announced`.
 */
export class LinkError extends ZxError {
  override name = "LinkError";
  readonly code: LinkErrorCode;
  readonly channelId: number | undefined;

  constructor(code: LinkErrorCode, status: ZxStatusCode, message: string, options: LinkErrorOptions = {}) {
    super(status, `link: ${message}`, "cause" in options ? { cause: options.cause } : {});
    this.code = code;
    this.channelId = options.channelId;
  }

  /** A corrupt frame stream: the whole link ends. */
  static corrupt(message: string): LinkError {
    return new LinkError("FRAME_CORRUPT", ZxStatus.IO_DATA_INTEGRITY, message);
  }
}
