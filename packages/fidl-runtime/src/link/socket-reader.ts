// Whole WebSocket frames from the TCP socket: the receiving half of socket-frame.ts.
//
// ws reads every chunk through its Receiver, a Writable stream: the chunk is queued, a state
// machine takes the frame apart across calls, and the message is emitted twice over (by the
// Receiver, then by the WebSocket). For a chunk of whole, unfragmented binary frames — what a
// link peer sends — that was the largest single cost of receiving a small message. So the link
// reads such frames itself, ahead of ws, while ws's reader is idle, and hands ws everything else
// from the first frame it does not take: control frames (ping, pong, close), text, fragments,
// compressed or oversize frames, a random masking key, a frame whose header is cut off at the
// chunk's end. ws then reads those exactly as it would have, errors included, and the link reads
// ahead again once ws is idle. Frames reach the link in the order they came either way.
//
// A frame whose payload runs past the chunk (every full-size message: Node reads a socket 64 KiB
// at a time) is put together here from the reads that follow, into one buffer of its length:
// the same single copy ws makes, without ws's per-read stream write, its views of each piece and
// its two emits (ws's reader was 7% of a client's cycles on 64 KiB echoes).
import { Buffer } from "node:buffer";
import type { WebSocket } from "ws";

/** FIN set, no RSV bits (no compression), opcode 2: a whole binary message in one frame. */
const FIN_BINARY = 0x82;
const MASK_BIT = 0x80;
const CLOSE_OPCODE = 0x08;
/** ws's Receiver state between frames (`GET_INFO` in ws's receiver.js). */
const WS_BETWEEN_FRAMES = 0;
/**
 * The largest payload put together across reads: its buffer is allocated when the header
 * arrives, so a peer announcing a huge frame (where `maxPayload` sets no limit) gets no more than
 * this before sending it. Link frames are far smaller; larger frames go to ws, which buffers what
 * has arrived.
 */
const LARGEST_ASSEMBLED_PAYLOAD = 1 << 20;

/** The fields of ws's Receiver (ws 8) this reader checks before it reads ahead. */
interface WsReceiver {
  write(chunk: Buffer): boolean;
  readonly writableLength: number;
  readonly _state: number;
  readonly _bufferedBytes: number;
  readonly _fragmented: number;
  readonly _opcode: number;
  readonly _errored: boolean;
  readonly _isServer: boolean;
  readonly _maxPayload: number;
}

function wsReceiverOf(socket: WebSocket): WsReceiver | undefined {
  const receiver = (socket as unknown as { _receiver?: Partial<WsReceiver> })._receiver;
  if (
    receiver === undefined ||
    typeof receiver.write !== "function" ||
    typeof receiver.writableLength !== "number" ||
    typeof receiver._state !== "number" ||
    typeof receiver._bufferedBytes !== "number" ||
    typeof receiver._fragmented !== "number" ||
    typeof receiver._opcode !== "number" ||
    typeof receiver._errored !== "boolean" ||
    typeof receiver._isServer !== "boolean" ||
    typeof receiver._maxPayload !== "number"
  ) {
    return undefined;
  }
  return receiver as WsReceiver;
}

/**
 * True while ws's reader holds nothing: no chunk queued or half read, no message half received,
 * no close frame received (after one, ws drops what follows) and no error. The checks overlap
 * (an error also leaves its chunk counted in `writableLength`, a deferred event also shows in
 * `_state`); each is kept so that none of ws's private fields alone decides.
 */
function isIdle(receiver: WsReceiver): boolean {
  return (
    receiver.writableLength === 0 &&
    receiver._state === WS_BETWEEN_FRAMES &&
    receiver._bufferedBytes === 0 &&
    receiver._fragmented === 0 &&
    receiver._opcode !== CLOSE_OPCODE &&
    !receiver._errored
  );
}

/**
 * Makes `socket` hand the payload of each final binary frame it receives to `deliver`, as the
 * chunk it arrived in and where in it the payload lies (no view is made: the link decodes its
 * frame in place), or, for a payload that spanned reads, as the buffer it was put together in;
 * instead of emitting it as a 'message'. Every other frame still reaches ws.
 * Returns false, changing nothing, if the socket's reader is not the ws 8 Receiver this was
 * written against. The caller must be the socket's only 'message' listener: frames read ahead
 * are never emitted.
 */
export function readWholeFramesAhead(socket: WebSocket, deliver: (chunk: Buffer, start: number, end: number) => void): boolean {
  const receiver = wsReceiverOf(socket);
  if (receiver === undefined) return false;
  const wsWrite = receiver.write;
  // A server's frames arrive masked, and only the zero key leaves a payload readable in place.
  const masked = receiver._isServer;
  const maxPayload = receiver._maxPayload;
  // The payload of a frame that ran past its chunk, and how much of it has arrived. While one is
  // being put together ws has been handed nothing since it was idle, so it still is.
  let partial: Buffer | undefined;
  let partialFilled = 0;
  (receiver as { write: (chunk: Buffer) => boolean }).write = function write(this: WsReceiver, chunk: Buffer): boolean {
    const end = chunk.length;
    let at = 0;
    if (partial !== undefined) {
      // The rest of the payload: the chunk's first `at` bytes (reading ahead resumes after them).
      at = Math.min(partial.length - partialFilled, end);
      chunk.copy(partial, partialFilled, 0, at);
      partialFilled += at;
      if (partialFilled < partial.length) return true;
      const whole = partial;
      partial = undefined;
      deliver(whole, 0, whole.length);
    } else if (!isIdle(this)) {
      return wsWrite.call(this, chunk);
    }
    while (at < end && readFrameHeader(chunk, at, masked, maxPayload)) {
      if (payloadEnd > end) {
        if (payloadEnd - payloadStart > LARGEST_ASSEMBLED_PAYLOAD) break;
        partial = Buffer.allocUnsafe(payloadEnd - payloadStart);
        partialFilled = chunk.copy(partial, 0, payloadStart, end);
        return true;
      }
      at = payloadEnd;
      deliver(chunk, payloadStart, payloadEnd);
    }
    return at === end ? true : wsWrite.call(this, at === 0 ? chunk : chunk.subarray(at));
  };
  return true;
}

// Where the payload of the frame readFrameHeader last accepted lies, counted from the start of
// its chunk (the end may lie past the chunk's end); module state, so no object per frame.
let payloadStart = 0;
let payloadEnd = 0;

/**
 * True if the frame at `at` is one the link reads itself: final, binary, uncompressed, masked
 * with the zero key (a server's) or unmasked (a client's), within `maxPayload` (0: no limit),
 * with its whole header in `chunk`; its payload then lies at `payloadStart` to `payloadEnd`.
 */
function readFrameHeader(chunk: Buffer, at: number, masked: boolean, maxPayload: number): boolean {
  if (chunk.length - at < 2 || chunk[at] !== FIN_BINARY) return false;
  const second = chunk[at + 1]!;
  if ((second & MASK_BIT) !== (masked ? MASK_BIT : 0)) return false;
  let length = second & 0x7f;
  let headerBytes = 2;
  if (length === 126) {
    if (chunk.length - at < 4) return false;
    length = (chunk[at + 2]! << 8) | chunk[at + 3]!;
    headerBytes = 4;
  } else if (length === 127) {
    // Lengths of 2^32 and up go to ws (a link frame is far smaller; ws reads or rejects them).
    if (chunk.length - at < 10 || chunk.readUInt32BE(at + 2) !== 0) return false;
    length = chunk.readUInt32BE(at + 6);
    headerBytes = 10;
  }
  if (masked) {
    const key = at + headerBytes;
    if (chunk.length - key < 4 || (chunk[key]! | chunk[key + 1]! | chunk[key + 2]! | chunk[key + 3]!) !== 0) return false;
    headerBytes += 4;
  }
  if (maxPayload > 0 && length > maxPayload) return false;
  payloadStart = at + headerBytes;
  payloadEnd = payloadStart + length;
  return true;
}
