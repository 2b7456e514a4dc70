import fc from "fast-check";
import { RESERVE_START_SPACE } from "msgpackr";
import { describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/index.ts";
import { packBody } from "../../src/wire/body-packer.ts";
import { bodyCodec } from "../../src/wire/codec.ts";
import { collectHandles } from "../../src/wire/handles.ts";
import { decodeMessageBody, encodeMessage } from "../../src/wire/index.ts";
import { ZxError, ZxStatus } from "../../src/zx/index.ts";
import { payloadValue } from "./payload-values.ts";

const SKIPPED = 8;
const KEPT = 16;

/** What msgpackr writes for `body` (the body alone) and the channels it collects. */
function msgpackrBytes(body: unknown): { bytes: string; handles: Channel[] } {
  const handles: Channel[] = [];
  const result = collectHandles(handles, () => bodyCodec.pack(body, RESERVE_START_SPACE | (SKIPPED + KEPT)));
  return { bytes: hex(result.subarray(SKIPPED + KEPT)), handles };
}

/** What packBody writes for `body` (the body alone) and the channels it collects. */
function packerBytes(body: unknown): { bytes: string; handles: Channel[] } {
  const handles: Channel[] = [];
  const packed = packBody(body, SKIPPED, KEPT, handles);
  expect(packed.byteOffset).toBeGreaterThanOrEqual(SKIPPED);
  return { bytes: hex(packed.subarray(KEPT)), handles };
}

/** Hex, so a mismatch prints as one readable diff (and large bodies compare quickly). */
function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

function expectSameBytes(body: unknown): void {
  const actual = packerBytes(body).bytes;
  const expected = msgpackrBytes(body).bytes;
  if (actual !== expected) expect(actual).toBe(expected);
}

describe("packBody", () => {
  it("writes exactly msgpackr's bytes for any payload value", () => {
    fc.assert(
      fc.property(payloadValue, (value) => {
        expectSameBytes(value);
      }),
      { numRuns: 2_000 },
    );
  });

  it("writes maps of 15, 16 and 65,535 keys and arrays of 65,536 items as msgpackr does", () => {
    for (const size of [15, 16, 300]) {
      expectSameBytes(Object.fromEntries(Array.from({ length: size }, (_, i) => [`k${i}`, i])));
    }
    expectSameBytes(Array.from({ length: 65_536 }, (_, i) => i & 0x7f));
    expectSameBytes(Object.fromEntries(Array.from({ length: 0xffff }, (_, i) => [`k${i}`, 0])));
  });

  it("hands values it does not handle to msgpackr, with the same bytes", () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const nullPrototype = Object.assign(Object.create(null) as object, { a: 1 });
    for (const value of [
      new Map([["a", 1]]),
      new Date(0),
      new Int32Array([1, -2]),
      new Point(1, 2),
      nullPrototype,
      { nested: { fn: () => 1 } },
      [new Set([1])],
      2n ** 64n - 1n,
    ]) {
      expectSameBytes(value);
    }
  });

  it("fails as msgpackr does where msgpackr fails", () => {
    expect(() => packBody({ value: 2n ** 64n }, SKIPPED, KEPT, [])).toThrow(RangeError);
    expect(() => packBody(Symbol("x"), SKIPPED, KEPT, [])).toThrow(/Unknown type/);
    const tooManyKeys = Object.fromEntries(Array.from({ length: 0x10000 }, (_, i) => [`k${i}`, 0]));
    expect(() => packBody(tooManyKeys, SKIPPED, KEPT, [])).toThrow(/too large/);
  });

  it("collects channels in order, writing them as the handle extension does", () => {
    const [a, aPeer] = Channel.create();
    const [b, bPeer] = Channel.create();
    const body = { first: a, list: [1, b], last: null };
    const expected = msgpackrBytes(body);
    const actual = packerBytes(body);
    expect(actual.bytes).toEqual(expected.bytes);
    expect(actual.handles).toEqual([a, b]);
    for (const channel of [a, aPeer, b, bPeer]) channel.close();
  });

  it("refuses a closed channel with BAD_HANDLE, as the handle extension does", () => {
    const [a, aPeer] = Channel.create();
    a.close();
    aPeer.close();
    const error = (() => {
      try {
        packBody({ handle: a }, SKIPPED, KEPT, []);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ZxError);
    expect((error as ZxError).status).toBe(ZxStatus.BAD_HANDLE);
  });

  it("keeps every message it returns intact while later ones are written", () => {
    // Small messages share a buffer; a large one starts a bigger buffer that the next messages
    // (runs of large ones here) share in turn. None may overlap another.
    const kept: Array<{ payload: Uint8Array; bytes: Uint8Array }> = [];
    for (let i = 0; i < 3_000; i++) {
      const size = i % 97 < 6 ? 20_000 + i : i % 200;
      const payload = new Uint8Array(size).fill(i & 0xff);
      kept.push({ payload, bytes: encodeMessage(i + 1, 7n, false, { value: payload }).bytes });
    }
    for (const { payload, bytes } of kept) {
      const { value } = decodeMessageBody(bytes.subarray(16), []) as { value: Uint8Array };
      expect(Buffer.compare(value, payload)).toBe(0);
    }
  });

  it("carves a run of large messages from one buffer instead of allocating one each", () => {
    const buffers = new Set<ArrayBufferLike>();
    for (let i = 0; i < 8; i++) buffers.add(encodeMessage(i + 1, 7n, false, { value: new Uint8Array(60_000) }).bytes.buffer);
    // Each grown buffer holds four such messages; the first may still start in a small slab.
    expect(buffers.size).toBeLessThanOrEqual(3);
  });

  it("never carves later messages from a buffer grown past what a channel carries", () => {
    const oversize = encodeMessage(1, 7n, false, { value: new Uint8Array(200_000) }).bytes;
    const next = encodeMessage(2, 7n, false, { value: new Uint8Array(16) }).bytes;
    expect(next.buffer).not.toBe(oversize.buffer);
  });

  it("leaves room in front of the message for a link frame header", () => {
    const { bytes } = encodeMessage(1, 7n, false, { value: "x" });
    expect(bytes.byteOffset).toBeGreaterThanOrEqual(SKIPPED);
  });
});
