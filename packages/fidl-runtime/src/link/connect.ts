// connectLink: the client side of a link, dialing a WebSocket URL.
import { WebSocket } from "ws";
import { ZxStatus, type ZxStatusCode } from "../zx/status.ts";
import { LINK_MAX_PAYLOAD } from "./frame.ts";
import { isLoopbackHost } from "./frame-mask.ts";
import { Link, type LinkOptions } from "./link.ts";
import { LinkError } from "./link-error.ts";

/** Options for {@link connectLink}. */
export interface ConnectLinkOptions extends Omit<LinkOptions, "role" | "zeroMaskKey"> {
  /** Extra HTTP headers for the upgrade request, e.g. `{ authorization: "Bearer …" }`. */
  headers?: Record<string, string>;
  /** Largest frame accepted from the server. Default {@link LINK_MAX_PAYLOAD}. */
  maxPayload?: number;
  /** Give up if the WebSocket handshake takes longer. Default 10,000 ms. */
  handshakeTimeoutMs?: number;
  /** Abort the attempt: rejects with ZX_ERR_CANCELED. */
  signal?: AbortSignal;
  /**
   * Mask frames to the server with random keys on a loopback address too. Default `false`: to a
   * loopback host every frame carries the all-zero key and the link writes it whole, without a
   * copy and with one write (see frame-mask.ts, socket-frame.ts); to any other host ws masks
   * every frame with a random key.
   */
  randomMask?: boolean;
}

/**
 * Connects to a link server and wraps the socket in a client-side {@link Link}. Rejects with a
 * LinkError(CONNECT_FAILED): ACCESS_DENIED for HTTP 401/403, TIMED_OUT for a handshake timeout,
 * CANCELED when aborted, CONNECTION_REFUSED otherwise.
 */
export function connectLink(url: string | URL, options: ConnectLinkOptions = {}): Promise<Link> {
  const { headers, maxPayload, handshakeTimeoutMs, signal, randomMask, ...linkOptions } = options;
  return new Promise<Link>((resolve, reject) => {
    const where = String(url);
    const fail = (status: ZxStatusCode, message: string, cause?: unknown): void => {
      signal?.removeEventListener("abort", onAbort);
      reject(new LinkError("CONNECT_FAILED", status, `cannot connect to ${where}: ${message}`, cause === undefined ? {} : { cause }));
    };
    const onAbort = (): void => {
      fail(ZxStatus.CANCELED, "aborted", signal?.reason);
      socket.terminate();
    };
    if (signal?.aborted) {
      reject(new LinkError("CONNECT_FAILED", ZxStatus.CANCELED, `cannot connect to ${where}: aborted`, { cause: signal.reason }));
      return;
    }
    let socket: WebSocket;
    let zeroMaskKey = false;
    try {
      zeroMaskKey = randomMask !== true && isLoopbackHost(new URL(url).hostname);
      socket = new WebSocket(url, {
        headers: headers ?? {},
        maxPayload: maxPayload ?? LINK_MAX_PAYLOAD,
        perMessageDeflate: false,
        handshakeTimeout: handshakeTimeoutMs ?? 10_000,
      });
    } catch (cause) {
      fail(ZxStatus.INVALID_ARGS, (cause as Error).message, cause);
      return;
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    // Stays attached: after a failed handshake ws may still emit 'error'.
    socket.on("error", (error: Error) => {
      const timedOut = /timed out/i.test(error.message);
      fail(timedOut ? ZxStatus.TIMED_OUT : ZxStatus.CONNECTION_REFUSED, error.message, error);
    });
    socket.on("unexpected-response", (_request, response) => {
      const status = response.statusCode ?? 0;
      const denied = status === 401 || status === 403;
      fail(denied ? ZxStatus.ACCESS_DENIED : ZxStatus.CONNECTION_REFUSED, `server answered HTTP ${status}`);
      response.resume();
      socket.terminate();
    });
    socket.once("open", () => {
      signal?.removeEventListener("abort", onAbort);
      try {
        resolve(new Link(socket, { ...linkOptions, role: "client", zeroMaskKey }));
      } catch (cause) {
        fail(ZxStatus.INTERNAL, (cause as Error).message, cause);
        socket.terminate();
      }
    });
  });
}
