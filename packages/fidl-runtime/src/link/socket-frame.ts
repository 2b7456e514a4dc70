// Whole WebSocket frames for the TCP socket: header and link frame in one buffer, one write.
//
// ws writes an unmasked frame as two pieces, a header it allocates and the payload (so a
// `writev`), and masks a client frame into a new buffer (a copy). A link frame is built with
// free bytes in front of it (see wire/headroom.ts), so the WebSocket header goes there and the
// frame leaves as one buffer with one call and no copy. Only where no masking is needed: server
// frames are never masked, and a client frame to a loopback host carries the all-zero key, which
// RFC 6455 allows and which leaves the payload as it is (see frame-mask.ts). Per echo this saved
// about 2,000 instructions on each side (ws's send path and the `writev`).
import { takeHeadroom } from "../wire/headroom.ts";

/** The largest WebSocket frame header: 2 bytes, an 8-byte length, a 4-byte masking key. */
export const SOCKET_HEADER_ROOM = 14;

/** FIN set, opcode 2 (binary): a link frame is always one whole binary message. */
const FIN_BINARY = 0x82;
const MASK_BIT = 0x80;

/**
 * Writes the WebSocket header (binary, final; with the all-zero key when `masked`) into the free
 * bytes in front of `frame` and returns a view of header and frame, or `undefined` if the frame
 * has no room marked (ws frames it then).
 */
export function socketFrame(frame: Buffer, masked: boolean): Buffer | undefined {
  const length = frame.length;
  const lengthBytes = length < 126 ? 0 : length < 0x1_0000 ? 2 : 8;
  const headerBytes = 2 + lengthBytes + (masked ? 4 : 0);
  if (takeHeadroom(frame) < headerBytes) return undefined;
  const whole = Buffer.from(frame.buffer, frame.byteOffset - headerBytes, headerBytes + length);
  whole[0] = FIN_BINARY;
  const maskBit = masked ? MASK_BIT : 0;
  let at = 2;
  if (lengthBytes === 0) {
    whole[1] = maskBit | length;
  } else if (lengthBytes === 2) {
    whole[1] = maskBit | 126;
    whole[2] = length >>> 8;
    whole[3] = length & 0xff;
    at = 4;
  } else {
    whole[1] = maskBit | 127;
    // A link frame is far below 2^32 bytes: the high half of the 64-bit length is zero.
    whole.writeUInt32BE(0, 2);
    whole.writeUInt32BE(length, 6);
    at = 10;
  }
  if (masked) whole[at] = whole[at + 1] = whole[at + 2] = whole[at + 3] = 0;
  return whole;
}
