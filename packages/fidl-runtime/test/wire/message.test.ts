import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/index.ts";
import {
  DYNAMIC_FLAG_FLEXIBLE,
  EPITAPH_ORDINAL,
  decodeEpitaphStatus,
  decodeHeader,
  decodeMessageBody,
  decodeMessageHeader,
  encodeEpitaph,
  encodeMessage,
  isFlexible,
  readHeader,
} from "../../src/wire/index.ts";
import { ZxError, ZxStatus } from "../../src/zx/index.ts";

describe("transactional header", () => {
  it("lays out txid, flags, magic and ordinal as FIDL does", () => {
    const { bytes } = encodeMessage(0x01020304, 0x002f679074ce7a25n, true, null);
    // txid (u32 LE) | at-rest flags 02 00 | dynamic flags 0x80 (flexible) | magic 0x01 | ordinal (u64 LE)
    expect([...bytes.subarray(0, 16)]).toEqual([
      0x04, 0x03, 0x02, 0x01, 0x02, 0x00, 0x80, 0x01, 0x25, 0x7a, 0xce, 0x74, 0x90, 0x67, 0x2f, 0x00,
    ]);
    const { header } = decodeHeader(bytes);
    expect(header).toEqual({
      txid: 0x01020304,
      atRestFlags: 0x0002,
      dynamicFlags: DYNAMIC_FLAG_FLEXIBLE,
      magic: 1,
      ordinal: 0x002f679074ce7a25n,
    });
    expect(isFlexible(header)).toBe(true);
  });

  it("ignores unknown flag bits but rejects a bad magic number", () => {
    const { bytes } = encodeMessage(1, 5n, false, null);
    bytes[5] = 0xff;
    bytes[6] = 0x01;
    expect(isFlexible(decodeHeader(bytes).header)).toBe(false);
    bytes[7] = 0x02;
    expect(() => decodeHeader(bytes)).toThrowError(/unknown magic number 0x02/);
  });

  it("rejects a message shorter than a header", () => {
    expect(readHeader(new Uint8Array(15))).toBeUndefined();
    expect(() => decodeHeader(new Uint8Array(15))).toThrowError(ZxError);
    expect(() => decodeMessageHeader(new Uint8Array(15))).toThrowError(/15 bytes is shorter than the 16-byte header/);
  });
});

describe("message bodies", () => {
  it("round-trips int64 as bigint, bytes, strings and nesting", () => {
    const body = { value: "hi", big: -(2n ** 63n), u: 2n ** 64n - 1n, data: new Uint8Array([1, 2]), list: [1, { a: null }] };
    const { bytes, handles } = encodeMessage(1, 1n, false, body);
    expect(handles).toEqual([]);
    const decoded = decodeMessageBody(decodeHeader(bytes).body, handles) as typeof body;
    expect(decoded.value).toBe("hi");
    expect(decoded.big).toBe(-(2n ** 63n));
    expect(decoded.u).toBe(2n ** 64n - 1n);
    expect(new Uint8Array(decoded.data)).toEqual(new Uint8Array([1, 2]));
    expect(decoded.list).toEqual([1, { a: null }]);
  });

  it("decodes the body of a whole message in place, on the fast path and through msgpackr", () => {
    const [c] = Channel.create();
    // Plain values take the fast reader; a channel (a handle extension) takes msgpackr.
    for (const body of [{ value: "hi", n: [1, 2n] }, { value: "hi", endpoint: c }]) {
      const { bytes, handles } = encodeMessage(7, 9n, false, body);
      expect(decodeMessageHeader(bytes)).toEqual(decodeHeader(bytes).header);
      expect(decodeMessageBody(bytes, handles, 16)).toEqual(decodeMessageBody(decodeHeader(bytes).body, handles));
      expect(decodeMessageBody(bytes, handles, 16)).toEqual(body);
    }
  });

  it("moves channels in the body into the message's handles and back", () => {
    const [c] = Channel.create();
    const { bytes, handles } = encodeMessage(1, 1n, false, { endpoint: c });
    expect(handles).toEqual([c]);
    const decoded = decodeMessageBody(decodeHeader(bytes).body, handles) as { endpoint: Channel };
    expect(decoded.endpoint).toBe(c);
  });

  it("refuses a body whose handle reference is missing, repeated or unused", () => {
    const [c] = Channel.create();
    const { bytes } = encodeMessage(1, 1n, false, { endpoint: c });
    const body = decodeHeader(bytes).body;
    const statusOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as ZxError).status;
      }
      return 0;
    };
    expect(statusOf(() => decodeMessageBody(body, []))).toBe(ZxStatus.BAD_HANDLE);
    const { bytes: twice } = encodeMessage(1, 1n, false, null);
    expect(statusOf(() => decodeMessageBody(decodeHeader(twice).body, [c]))).toBe(ZxStatus.BAD_HANDLE);
  });

  it("encodes an epitaph as txid 0, ordinal all-ones and the status", () => {
    const { header, body } = decodeHeader(encodeEpitaph(ZxStatus.NOT_SUPPORTED));
    expect(header.txid).toBe(0);
    expect(header.ordinal).toBe(EPITAPH_ORDINAL);
    expect(decodeEpitaphStatus(body)).toBe(-2);
  });

  it("never throws anything but ZxError when decoding random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (random) => {
        try {
          decodeMessageBody(random, []);
        } catch (error) {
          expect(error).toBeInstanceOf(ZxError);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
