// ZxError: the one error type for a failed operation, carrying a zx status.
import { type ZxStatusCode, statusName } from "./status.ts";

/** Options for {@link ZxError}. */
export interface ZxErrorOptions {
  /** What caused this error: a remote exception, zod issues, a socket error. */
  cause?: unknown;
}

/**
 * An operation failed with a zx status. The message starts with the status name, e.g.
 * `[ZX_ERR_PEER_CLOSED] channel closed by peer`, so logs say what happened at a glance.
 */
export class ZxError extends Error {
  override name = "ZxError";
  readonly status: ZxStatusCode;
  /** The message without the status prefix. */
  readonly rawMessage: string;

  constructor(status: ZxStatusCode, message: string, options: ZxErrorOptions = {}) {
    super(`[${statusName(status)}] ${message}`, "cause" in options ? { cause: options.cause } : undefined);
    this.status = status;
    this.rawMessage = message;
  }

  /** The printable status name, e.g. `ZX_ERR_PEER_CLOSED`. */
  get statusName(): string {
    return statusName(this.status);
  }

  /** True if `error` is a ZxError with the given status. */
  static is(error: unknown, status?: ZxStatusCode): error is ZxError {
    return error instanceof ZxError && (status === undefined || error.status === status);
  }
}
