// fast-check properties for the link's input side, exported for the fuzz run (`pnpm fuzz`) and
// used by fuzz.test.ts: random bytes into the frame decoder and into a live link.
import { EventEmitter } from "node:events";
import fc from "fast-check";
import type { WebSocket } from "ws";
import { decodeFrame, FRAME_CLOSE, FRAME_CLOSING, FRAME_CREDIT, FRAME_MESSAGE } from "../../src/link/frame.ts";
import { Link } from "../../src/link/link.ts";
import { LinkError } from "../../src/link/link-error.ts";

/** Bytes shaped like frames often enough to reach past the header checks, or pure noise. */
export const frameBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc
    .record({
      kind: fc.oneof(fc.constantFrom(FRAME_MESSAGE, FRAME_CLOSE, FRAME_CREDIT, FRAME_CLOSING), fc.integer({ min: 0, max: 255 })),
      count: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 255 })),
      reserved: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })),
      channelId: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.nat({ max: 0xffff_ffff })),
      ids: fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.nat({ max: 0xffff_ffff })), { maxLength: 6 }),
      tail: fc.uint8Array({ maxLength: 24 }),
    })
    .map(({ kind, count, reserved, channelId, ids, tail }) => {
      const frame = Buffer.alloc(8 + 4 * ids.length + tail.length);
      frame[0] = kind;
      frame[1] = count;
      frame.writeUInt16LE(reserved, 2);
      frame.writeUInt32LE(channelId, 4);
      for (const [i, id] of ids.entries()) frame.writeUInt32LE(id, 8 + 4 * i);
      frame.set(tail, 8 + 4 * ids.length);
      return frame;
    }),
);

/** The decoder returns a frame or throws a FRAME_CORRUPT LinkError; nothing else escapes. */
export const decoderProperty = fc.property(frameBytes, (bytes) => {
  try {
    const frame = decodeFrame(bytes);
    if (frame.kind === "message" && frame.bytes.byteLength > bytes.byteLength) throw new Error("body overruns the frame");
  } catch (error) {
    if (!(error instanceof LinkError) || error.code !== "FRAME_CORRUPT") throw error;
  }
});

/** A stand-in for a ws WebSocket: records sends, lets the property emit frames at the link. */
export class FakeSocket extends EventEmitter {
  readyState = 1;
  binaryType = "nodebuffer";
  bufferedAmount = 0;
  sent = 0;
  send(_data: Uint8Array, callback?: (error?: Error) => void): void {
    this.sent++;
    queueMicrotask(() => callback?.());
  }
  close(code: number, reason: string): void {
    if (this.readyState !== 1) return;
    this.readyState = 3;
    queueMicrotask(() => this.emit("close", code, Buffer.from(reason)));
  }
  terminate(): void {
    this.close(1006, "");
  }
  ping(): void {}
}

/**
 * A live link fed a sequence of random frames never throws out of its socket handler, never
 * leaves an uncaught error behind (checked after the microtasks and a macrotask have run), and
 * either stays open or ends with a LinkError; after close, its bootstrap channel reads
 * PEER_CLOSED.
 */
export const liveLinkProperty = fc.asyncProperty(
  fc.constantFrom("client" as const, "server" as const),
  fc.array(frameBytes, { minLength: 1, maxLength: 8 }),
  async (role, frames) => {
    const socket = new FakeSocket();
    const errors: LinkError[] = [];
    const link = new Link(socket as unknown as WebSocket, { role, onError: (error) => errors.push(error) });
    for (const frame of frames) socket.emit("message", Buffer.from(frame), true);
    await new Promise((resolve) => setImmediate(resolve));
    if (!errors.every((error) => error instanceof LinkError)) throw new Error("onError got a non-LinkError");
    const reason = await link.close();
    if (!(reason instanceof LinkError)) throw new Error("closed resolved with a non-LinkError");
    const read = await link.bootstrap.read().then(
      () => "message",
      (error: { status?: number }) => error.status,
    );
    // Forged messages may have queued on the bootstrap channel before it closed.
    if (read !== -24 && read !== "message") throw new Error(`bootstrap read gave ${String(read)}`);
  },
);
