// The link writes its frames to the TCP socket itself, as whole WebSocket frames: byte for byte
// what ws would send, in one buffer and one write.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import * as ws from "ws";
import { encodeCloseFrame, encodeCreditFrame, encodeMessageFrame, encodeSocketMessageFrame } from "../../src/link/frame.ts";
import { SOCKET_HEADER_ROOM, socketFrame } from "../../src/link/socket-frame.ts";
import { encodeMessage } from "../../src/wire/message.ts";
import { type LinkPair, linkPair, recordSocketWrites, text, utf8, within } from "./helpers.ts";

/** ws's own framing of a final binary frame (with the all-zero key when masked), as one buffer. */
function wsFrame(payload: Buffer, masked: boolean): Buffer {
  // ws exports Sender at run time; its type definitions do not declare it.
  const frame = (ws as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender.frame;
  const zeroKey = (key: Buffer): void => {
    key.fill(0);
  };
  return Buffer.concat(frame(payload, { fin: true, opcode: 2, mask: masked, generateMask: zeroKey, readOnly: false, rsv1: false }));
}

/** A frame of `length` bytes with the room in front of it the link's frames have. */
function linkFrame(length: number, fill: number): Buffer {
  return encodeMessageFrame(1, Buffer.alloc(length - 8, fill), []);
}

describe("socketFrame", () => {
  it.each([8, 125, 126, 127, 65_535, 65_536, 65_552])("matches ws byte for byte for a %d-byte frame, masked and not", (length) => {
    for (const masked of [false, true]) {
      const frame = linkFrame(length, length & 0xff);
      const expected = wsFrame(Buffer.from(frame), masked);
      const whole = socketFrame(frame, masked);
      expect(whole?.equals(expected), `${length} bytes, masked ${masked}`).toBe(true);
      // Written in place: the view ends where the frame ends, in the same memory.
      expect(whole?.buffer).toBe(frame.buffer);
      expect(whole!.byteOffset + whole!.length).toBe(frame.byteOffset + frame.length);
    }
  });

  it("matches ws for any frame length up to the largest link frame (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 65_544 + 256 }), fc.boolean(), (length, masked) => {
        const frame = linkFrame(length, 7);
        expect(socketFrame(frame, masked)?.equals(wsFrame(Buffer.from(frame), masked))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("frames every kind of link frame the link builds: in place, copied, control", () => {
    const inPlace = encodeMessageFrame(3, encodeMessage(1, 2n, false, { value: "x" }).bytes, []);
    const copied = encodeMessageFrame(3, Buffer.from("raw user bytes"), [5, 7]);
    for (const frame of [inPlace, copied, encodeCloseFrame(3), encodeCreditFrame(3, 32)]) {
      expect(socketFrame(frame, true)?.equals(wsFrame(Buffer.from(frame), true))).toBe(true);
    }
  });

  it("frames an encoded message for the socket in place, as ws would frame its link frame", () => {
    for (const value of ["x", "y".repeat(200), "z".repeat(65_400)]) {
      for (const masked of [false, true]) {
        const message = encodeMessage(1, 2n, false, { value }).bytes;
        const expected = wsFrame(encodeMessageFrame(3, Buffer.from(message), [], 5), masked);
        const whole = encodeSocketMessageFrame(3, message, 5, masked);
        expect(whole?.equals(expected), `${value.length} characters, masked ${masked}`).toBe(true);
        expect(whole?.buffer).toBe(message.buffer);
        expect(whole!.byteOffset + whole!.length).toBe(message.byteOffset + message.length);
        // The headroom is claimed: the same bytes are never framed in place twice.
        expect(encodeSocketMessageFrame(3, message, 5, masked)).toBeUndefined();
      }
    }
    expect(encodeSocketMessageFrame(3, Buffer.from("no headroom"), 0, false)).toBeUndefined();
  });

  it("claims the room in front of a frame once, and leaves frames without room to ws", () => {
    const frame = linkFrame(100, 1);
    expect(socketFrame(frame, false)).toBeDefined();
    expect(socketFrame(frame, false)).toBeUndefined();
    expect(socketFrame(Buffer.alloc(100), false)).toBeUndefined();
    expect(SOCKET_HEADER_ROOM).toBe(14);
  });
});

let pair: LinkPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

describe("a server link's frames on the wire", () => {
  it("leave as one buffer each, one write per lone reply", async () => {
    pair = await linkPair();
    const links = pair;
    links.server.bootstrap.listen({ message: (m) => links.server.bootstrap.write(m.bytes), closed: () => {} });
    const pieces = recordSocketWrites(links.serverSocket);
    for (const message of ["one", "two", "three"]) {
      links.client.bootstrap.write(utf8(message));
      expect(text((await within(links.client.bootstrap.read(), "echo")).bytes)).toBe(message);
    }
    // ws writes an unmasked frame as header and payload: two pieces per write.
    expect(pieces).toEqual([1, 1, 1]);
  });
});
