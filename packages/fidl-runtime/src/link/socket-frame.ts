// Whole WebSocket frames for the TCP socket: header and link frame in one buffer, one write.
//
// ws writes an unmasked frame as two pieces, a header it allocates and the payload (so a
// `writev`), and masks a client frame into a new buffer (a copy). A link frame is built with
// free bytes in front of it (see wire/headroom.ts), so the WebSocket header goes there and the
// frame leaves as one buffer with one call and no copy (a message the wire encoder wrote gets
// both headers at once: frame.ts `encodeSocketMessageFrame`). Only where no masking is needed:
// server frames are never masked, and a client frame to a loopback host carries the all-zero key,
// which RFC 6455 allows and which leaves the payload as it is (see frame-mask.ts). Per echo this
// saved 1,500–3,000 instructions on each side (ws's send path and the `writev`), and framing a
// message in one view another 1,100.
import { Buffer } from "node:buffer";
import { takeHeadroom } from "../wire/headroom.ts";

/** The largest WebSocket frame header: 2 bytes, an 8-byte length, a 4-byte masking key. */
export const SOCKET_HEADER_ROOM = 14;

/** FIN set, opcode 2 (binary): a link frame is always one whole binary message. */
const FIN_BINARY = 0x82;
const MASK_BIT = 0x80;

/** Bytes of the WebSocket header in front of a `length`-byte payload. */
function socketHeaderBytes(length: number, masked: boolean): number {
  return (length < 126 ? 2 : length < 0x1_0000 ? 4 : 10) + (masked ? 4 : 0);
}

/**
 * Writes the WebSocket header of a `length`-byte payload (binary, final; with the all-zero key
 * when `masked`) at the start of `target`, {@link socketHeaderBytes} long.
 */
function writeSocketHeader(target: Buffer, length: number, masked: boolean): void {
  target[0] = FIN_BINARY;
  const maskBit = masked ? MASK_BIT : 0;
  let keyAt = 2;
  if (length < 126) {
    target[1] = maskBit | length;
  } else if (length < 0x1_0000) {
    target[1] = maskBit | 126;
    target[2] = length >>> 8;
    target[3] = length & 0xff;
    keyAt = 4;
  } else {
    target[1] = maskBit | 127;
    // A link frame is far below 2^32 bytes: the high half of the 64-bit length is zero.
    target.writeUInt32BE(0, 2);
    target.writeUInt32BE(length, 6);
    keyAt = 10;
  }
  if (masked) target[keyAt] = target[keyAt + 1] = target[keyAt + 2] = target[keyAt + 3] = 0;
}

/**
 * Builds a WebSocket frame in place, around `tail`: its payload is the `prefixBytes` right in
 * front of `tail` (left for the caller to fill: a link frame's header) and `tail` itself. Claims
 * the headroom in front of `tail`, writes the WebSocket header there and returns one view over
 * header, prefix and tail; `undefined` if the room is too small (claimed even then: frame a copy,
 * or let ws frame it).
 */
export function socketFrame(tail: Uint8Array, masked: boolean, prefixBytes = 0): Buffer | undefined {
  const length = prefixBytes + tail.length;
  const headerBytes = socketHeaderBytes(length, masked);
  if (takeHeadroom(tail) < headerBytes + prefixBytes) return undefined;
  const whole = Buffer.from(tail.buffer, tail.byteOffset - prefixBytes - headerBytes, headerBytes + length);
  writeSocketHeader(whole, length, masked);
  return whole;
}
