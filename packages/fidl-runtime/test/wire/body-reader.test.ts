import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NOT_READ, readBody } from "../../src/wire/body-reader.ts";
import { bodyCodec } from "../../src/wire/codec.ts";
import { payloadValue } from "./payload-values.ts";

/**
 * A value as text that keeps what `toEqual` glosses over: key order, -0, Buffer versus
 * Uint8Array, bigint versus number.
 */
function exact(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return String(value);
    case "object":
      if (value instanceof Uint8Array) {
        return `${value.constructor.name}<${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}>`;
      }
      if (Array.isArray(value)) return `[${value.map(exact).join(",")}]`;
      if (Object.getPrototypeOf(value) !== Object.prototype) return `${value.constructor?.name}?`;
      return `{${Object.entries(value)
        .map(([key, item]) => `${JSON.stringify(key)}:${exact(item)}`)
        .join(",")}}`;
    default:
      return `${typeof value}?`;
  }
}

/** msgpackr's outcome for `bytes`: the value as text, or its error message. */
function msgpackrOutcome(bytes: Uint8Array): { value: string } | { error: string } {
  try {
    return { value: exact(bodyCodec.unpack(bytes)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The reader agrees with msgpackr wherever it reads at all, and never reads what msgpackr refuses. */
function expectAgreement(bytes: Uint8Array): boolean {
  const read = readBody(bytes);
  if (read === NOT_READ) return false;
  expect({ value: exact(read) }).toEqual(msgpackrOutcome(bytes));
  return true;
}

describe("readBody", () => {
  it("decodes what msgpackr decodes, to the same value, for any payload value", () => {
    let read = 0;
    fc.assert(
      fc.property(payloadValue, (value) => {
        if (expectAgreement(bodyCodec.pack(value))) read++;
      }),
      { numRuns: 2_000 },
    );
    // Most payloads are in the reader's reach (ASCII keys and strings are common).
    expect(read).toBeGreaterThan(500);
  });

  it("reads a typical reply body itself, keeping the source's own kind of byte array", () => {
    const bytes = bodyCodec.pack({ value: new Uint8Array([1, 2, 3]), count: 7, name: "echo", big: 1n << 40n, ok: true, none: null });
    const read = readBody(bytes) as Record<string, unknown>;
    expect(exact(read)).toBe(exact(bodyCodec.unpack(bytes)));
    expect(read.value).toBeInstanceOf(Buffer);
    expect((read.value as Uint8Array).buffer).toBe(bytes.buffer);
  });

  it("leaves to msgpackr anything truncated, extended or trailing, and every mutation of valid bytes", () => {
    fc.assert(
      fc.property(payloadValue, fc.nat(), fc.nat(255), fc.integer({ min: -3, max: 3 }), (value, where, byte, lengthChange) => {
        const valid = bodyCodec.pack(value);
        const mutated = new Uint8Array(Math.max(0, valid.byteLength + lengthChange));
        mutated.set(valid.subarray(0, mutated.byteLength));
        if (mutated.byteLength > 0) mutated[where % mutated.byteLength] = byte;
        // Either the reader leaves it alone, or it reads exactly what msgpackr reads.
        expectAgreement(mutated);
      }),
      { numRuns: 5_000 },
    );
  });

  it("leaves to msgpackr keys it converts or renames, and strings it must decode as UTF-8", () => {
    const protoKey: unknown = JSON.parse('{"__proto__": 1}');
    for (const body of [protoKey, { é: 1 }, { key: "naïve" }, new Map([[1, 2]])]) {
      const bytes = bodyCodec.pack(body);
      expect(readBody(bytes)).toBe(NOT_READ);
    }
    expect(readBody(Uint8Array.of(0xc1))).toBe(NOT_READ);
    expect(readBody(Uint8Array.of(0x01, 0x02))).toBe(NOT_READ);
    expect(readBody(new Uint8Array(0))).toBe(NOT_READ);
  });

  it("never confuses two keys that share a cache slot", () => {
    // Same length, first, middle and last byte: the same slot, different keys.
    const first = readBody(bodyCodec.pack({ abXcd: 1 })) as Record<string, number>;
    const second = readBody(bodyCodec.pack({ abYcd: 2 })) as Record<string, number>;
    expect(Object.keys(first)).toEqual(["abXcd"]);
    expect(Object.keys(second)).toEqual(["abYcd"]);
    // The cache keeps a copy of a key's bytes: a change to the buffer it was read from (here
    // into a key of the same slot) must not make the cache answer for the changed key.
    const bytes = bodyCodec.pack({ stable: 1 });
    readBody(bytes);
    bytes[6] = "X".charCodeAt(0); // map 16 header (3), fixstr token (1), then "st|a|ble"
    expect(Object.keys(readBody(bodyCodec.pack({ stXble: 1 })) as object)).toEqual(["stXble"]);
  });
});
