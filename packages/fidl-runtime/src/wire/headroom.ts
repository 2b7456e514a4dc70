// Spare bytes in front of an encoded message, so the link can frame it without copying it.
//
// The contract (private to wire/message.ts, wire/epitaph.ts and link/frame.ts): a Uint8Array
// carrying `[HEADROOM] = n` has `n` bytes right before its first byte, in the same ArrayBuffer,
// that nobody else reads or writes. Whoever frames the message may write its own header there
// once: `takeHeadroom` hands the bytes out and clears the mark, so a message written twice (or
// forwarded again) is framed in place at most once and copied after that. Bytes from anywhere
// else (user-written raw messages, received frames) carry no mark and are copied as before.

/** Property key of the mark; a symbol so it never clashes with anything on a Uint8Array. */
const HEADROOM: unique symbol = Symbol("fidl-ws.headroom");

type Marked = Uint8Array & { [HEADROOM]?: number };

/**
 * Bytes the wire encoder leaves free in front of every message: room for a link frame header (8)
 * and, in front of that, a WebSocket frame header (at most 14), so the link can hand the socket
 * one buffer holding the whole WebSocket frame (see link/socket-frame.ts).
 */
export const MESSAGE_HEADROOM_BYTES = 24;

/** @internal Marks `bytes` as having `count` exclusively owned bytes in front of it. */
export function markHeadroom(bytes: Uint8Array, count: number): void {
  (bytes as Marked)[HEADROOM] = count;
}

/**
 * @internal Claims the headroom in front of `bytes`: returns how many bytes there are (0 if
 * none) and clears the mark, so the same bytes are never claimed twice.
 */
export function takeHeadroom(bytes: Uint8Array): number {
  const count = (bytes as Marked)[HEADROOM];
  if (count === undefined || count === 0) return 0;
  (bytes as Marked)[HEADROOM] = 0;
  return count;
}
