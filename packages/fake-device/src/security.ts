// Who may open a WebSocket to the device: loopback by default, browser Origins refused unless
// allowed, and with a token, only requests that carry it (compared in constant time).
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/** The security policy of one device. */
export interface SecurityPolicy {
  /** Required bearer token; undefined = none. */
  token?: string | undefined;
  /** Origins accepted on upgrade requests that carry an `Origin` header (exact match, e.g. `http://localhost:5173`). */
  allowedOrigins?: readonly string[] | undefined;
}

/** A refused upgrade: the HTTP status and why. */
export interface Refusal {
  status: 401 | 403;
  reason: string;
}

/**
 * Checks an upgrade request. Returns a refusal, or undefined to accept. Non-browser clients send
 * no Origin header; a browser always does, so a page from another site cannot reach the device
 * unless its origin is allowed.
 */
export function checkUpgrade(request: IncomingMessage, policy: SecurityPolicy): Refusal | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined && !(policy.allowedOrigins ?? []).includes(origin)) {
    return { status: 403, reason: `origin ${origin} is not allowed` };
  }
  if (policy.token !== undefined) {
    const presented = presentedToken(request);
    if (presented === undefined) return { status: 401, reason: "a token is required" };
    if (!tokensEqual(presented, policy.token)) return { status: 401, reason: "the token is wrong" };
  }
  return undefined;
}

/** The token a request carries: `Authorization: Bearer <token>` or the `token` query parameter. */
export function presentedToken(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match !== null) return match[1];
  }
  const url = new URL(request.url ?? "/", "http://device.invalid");
  return url.searchParams.get("token") ?? undefined;
}

/** Constant-time comparison (both sides padded to the longer length, so timing does not reveal the matching prefix). */
export function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  // timingSafeEqual needs equal lengths; pad both to the longer length and check length separately.
  const size = Math.max(left.length, right.length, 1);
  const paddedLeft = Buffer.alloc(size);
  const paddedRight = Buffer.alloc(size);
  left.copy(paddedLeft);
  right.copy(paddedRight);
  return timingSafeEqual(paddedLeft, paddedRight) && left.length === right.length;
}

/** True for addresses that only this machine can reach: 127.0.0.0/8, `::1`, `localhost`. */
export function isLoopbackHost(host: string): boolean {
  if (host === "::1" || host === "localhost") return true;
  // Only an IPv4 literal: a name such as "127.example.com" can resolve to any address.
  return isIP(host) === 4 && host.startsWith("127.");
}
