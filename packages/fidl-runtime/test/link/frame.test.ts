// The link's binary frames and id spaces, byte by byte.
import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_BYTES, MAX_MESSAGE_HANDLES } from "../../src/channel/limits.ts";
import {
  decodeFrame,
  encodeCloseFrame,
  encodeClosingFrame,
  encodeCreditFrame,
  encodeMessageFrame,
  type MessageFrame,
  messageLimitError,
} from "../../src/link/frame.ts";
import { IdSpace } from "../../src/link/id-space.ts";
import { encodeMessage } from "../../src/wire/message.ts";
import { ZxStatus } from "../../src/zx/status.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const fromHex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");
/** True if two views overlap in memory (small Buffers share Node's pool, so compare ranges). */
const overlaps = (a: Uint8Array, b: Uint8Array): boolean =>
  a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;

describe("link frames", () => {
  it("encodes a message frame: kind, handle count, credits returned, channel id, handle ids, bytes", () => {
    const frame = encodeMessageFrame(5, Buffer.from("hi"), [1, 3], 40);
    expect(hex(frame)).toBe(
      [
        "01", // kind: message
        "02", // two handle ids
        "2800", // 40 credits returned for channel 5
        "05000000", // channel 5
        "01000000", // handle id 1
        "03000000", // handle id 3
        "6869", // "hi"
      ].join(""),
    );
    expect(decodeFrame(frame)).toEqual({ kind: "message", channelId: 5, credits: 40, handleIds: [1, 3], bytes: Buffer.from("hi") });
    expect(decodeFrame(encodeMessageFrame(5, Buffer.from("hi"), []))).toMatchObject({ credits: 0, handleIds: [] });
  });

  it("encodes close and credit frames", () => {
    expect(hex(encodeCloseFrame(7))).toBe("02" + "000000" + "07000000");
    expect(hex(encodeCreditFrame(0xfffffffe, 32))).toBe("03" + "000000" + "feffffff" + "20000000");
    expect(decodeFrame(encodeCloseFrame(7))).toEqual({ kind: "close", channelId: 7 });
    expect(decodeFrame(encodeCreditFrame(9, 32))).toEqual({ kind: "credit", channelId: 9, credits: 32 });
    expect(hex(encodeClosingFrame(7))).toBe("04" + "000000" + "07000000");
    expect(decodeFrame(encodeClosingFrame(7))).toEqual({ kind: "closing", channelId: 7 });
  });

  it("decodes the message bytes as a view into the frame, not a copy", () => {
    const frame = encodeMessageFrame(1, Buffer.alloc(1000, 7), []);
    const decoded = decodeFrame(frame) as MessageFrame;
    expect(decoded.bytes.buffer).toBe(frame.buffer);
    expect(decoded.bytes.byteOffset).toBe(frame.byteOffset + 8);
  });

  it.each([
    ["a frame shorter than the header", "01000000 000000", "shorter than the 8-byte header"],
    ["an unknown kind", "09000000 00000000", "unknown frame kind 0x09"],
    ["a close frame with non-zero reserved bytes", "02000100 00000000", "close frame has non-zero reserved bytes"],
    ["a credit frame with non-zero reserved bytes", "03000001 00000000 01000000", "credit frame has non-zero reserved bytes"],
    ["a message too short for its handle ids", "01020000 01000000 03000000", "cannot hold its 2 handle ids"],
    ["a close frame with a trailing byte", "02000000 01000000 00", "close frame must be 8 bytes"],
    ["a close frame with a handle count", "02010000 01000000", "close frame must be 8 bytes"],
    ["a credit frame without its count", "03000000 01000000", "credit frame must be 12 bytes"],
    ["a closing frame with a trailing byte", "04000000 01000000 00", "closing frame must be 8 bytes"],
  ])("rejects %s as FRAME_CORRUPT (IO_DATA_INTEGRITY)", (_name, bytes, message) => {
    const error = expect.objectContaining({ code: "FRAME_CORRUPT", status: ZxStatus.IO_DATA_INTEGRITY, message: expect.stringContaining(message) });
    expect(() => decodeFrame(fromHex(bytes))).toThrow(error);
    // The same frame in the middle of a larger chunk, decoded in place.
    const frame = fromHex(bytes);
    expect(() => decodeFrame(Buffer.concat([Buffer.alloc(5, 0xff), frame, Buffer.alloc(3, 0xff)]), 5, 5 + frame.length)).toThrow(error);
  });

  it("decodes a frame in place from start to end of a larger chunk", () => {
    const frame = encodeMessageFrame(5, Buffer.from("hi"), [1, 3]);
    const chunk = Buffer.concat([Buffer.from("before"), frame, Buffer.from("after")]);
    const decoded = decodeFrame(chunk, 6, 6 + frame.length) as MessageFrame;
    expect(decoded).toEqual({ kind: "message", channelId: 5, credits: 0, handleIds: [1, 3], bytes: Buffer.from("hi") });
    expect(decoded.bytes.buffer).toBe(chunk.buffer);
    for (const control of [encodeCloseFrame(7), encodeCreditFrame(9, 32), encodeClosingFrame(7)]) {
      expect(decodeFrame(Buffer.concat([Buffer.from("x"), control, Buffer.from("y")]), 1, 1 + control.length)).toEqual(decodeFrame(control));
    }
  });

  it("frames an encoded message in place once, and copies it after that", () => {
    const { bytes } = encodeMessage(7, 0x1234n, false, { value: "hi" });
    const original = Buffer.from(bytes);
    const inPlace = encodeMessageFrame(9, bytes, []);
    // The frame header went into the headroom in front of the message: same memory, no copy.
    expect(inPlace.buffer).toBe(bytes.buffer);
    expect(inPlace.byteOffset + 8).toBe(bytes.byteOffset);
    const again = encodeMessageFrame(11, bytes, []);
    expect(overlaps(again, bytes)).toBe(false);
    for (const [frame, channelId] of [
      [inPlace, 9],
      [again, 11],
    ] as const) {
      const decoded = decodeFrame(frame) as MessageFrame;
      expect(decoded.channelId).toBe(channelId);
      expect(Buffer.from(decoded.bytes).equals(original)).toBe(true);
    }
    // The first frame is untouched by the second.
    expect((decodeFrame(inPlace) as MessageFrame).channelId).toBe(9);
  });

  it("copies messages with handles and bytes that carry no headroom", () => {
    const { bytes } = encodeMessage(1, 1n, false, null);
    const withHandles = encodeMessageFrame(3, bytes, [5]);
    expect(overlaps(withHandles, bytes)).toBe(false);
    expect(hex((decodeFrame(withHandles) as MessageFrame).bytes)).toBe(hex(bytes));
    const raw = Buffer.from("raw user bytes");
    const copied = encodeMessageFrame(3, raw, []);
    expect(overlaps(copied, raw)).toBe(false);
    expect(raw.toString()).toBe("raw user bytes");
    expect(Buffer.from((decodeFrame(copied) as MessageFrame).bytes).toString()).toBe("raw user bytes");
  });

  it("accepts a message at the limit and refuses one byte or one handle over (OUT_OF_RANGE)", () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => 2 * i + 1);
    const at = decodeFrame(encodeMessageFrame(1, Buffer.alloc(MAX_MESSAGE_BYTES), ids(MAX_MESSAGE_HANDLES)));
    expect(messageLimitError(at as MessageFrame)).toBeUndefined();
    const overBytes = decodeFrame(encodeMessageFrame(1, Buffer.alloc(MAX_MESSAGE_BYTES + 1), []));
    expect(messageLimitError(overBytes as MessageFrame)).toMatchObject({
      code: "MESSAGE_TOO_LARGE",
      status: ZxStatus.OUT_OF_RANGE,
      channelId: 1,
      message: "[ZX_ERR_OUT_OF_RANGE] link: message of 65537 bytes on channel 1 exceeds 65536",
    });
    const overHandles = decodeFrame(encodeMessageFrame(1, Buffer.alloc(0), ids(MAX_MESSAGE_HANDLES + 1)));
    expect(messageLimitError(overHandles as MessageFrame)).toMatchObject({ status: ZxStatus.OUT_OF_RANGE });
  });
});

describe("link id spaces", () => {
  it("allocates odd ids on the client and even ids on the server, increasing, never 0", () => {
    const client = new IdSpace("client");
    const server = new IdSpace("server");
    expect([client.allocate(), client.allocate(), client.allocate()]).toEqual([1, 3, 5]);
    expect([server.allocate(), server.allocate()]).toEqual([2, 4]);
  });

  it("accepts the peer's ids in increasing order and refuses its own half, 0 and reuse", () => {
    const server = new IdSpace("server");
    expect(server.acceptRemote(1, 0)).toBeUndefined();
    expect(server.acceptRemote(7, 0)).toBeUndefined();
    expect(server.acceptRemote(2, 0)).toMatchObject({ code: "FOREIGN_HANDLE_ID", status: ZxStatus.BAD_HANDLE });
    expect(server.acceptRemote(0, 0)).toMatchObject({ code: "FOREIGN_HANDLE_ID", status: ZxStatus.BAD_HANDLE });
    expect(server.acceptRemote(7, 4)).toMatchObject({ code: "HANDLE_ID_REUSED", status: ZxStatus.ALREADY_EXISTS, channelId: 4 });
    expect(server.acceptRemote(5, 0)).toMatchObject({ code: "HANDLE_ID_REUSED" });
  });

  it("knows which ids were ever announced", () => {
    const client = new IdSpace("client");
    client.allocate();
    client.acceptRemote(4, 0);
    expect([0, 1, 2, 3, 4, 5, 6].map((id) => client.wasAnnounced(id))).toEqual([true, true, true, false, true, false, false]);
  });
});
