// Tests for the payload sizes: the largest Echo request that fits one FIDL message.
import { describe, expect, it } from "vitest";
import { benchCodec } from "../src/codec.ts";
import { FIDL_HEADER_BYTES, FIDL_MAX_MESSAGE_BYTES, largestEchoPayload, makePayload, sameBytes } from "../src/payload.ts";

const encode = (body: { value: Uint8Array }): Uint8Array => benchCodec.pack(body);

describe("largestEchoPayload", () => {
  it("finds 65,508 bytes with the fidl-ws msgpackr settings", () => {
    expect(largestEchoPayload(encode)).toBe(65_508);
  });

  it("fills the message exactly: N fits with its header and N + 1 does not", () => {
    const n = largestEchoPayload(encode);
    expect(encode({ value: new Uint8Array(n) }).byteLength + FIDL_HEADER_BYTES).toBe(FIDL_MAX_MESSAGE_BYTES);
    expect(encode({ value: new Uint8Array(n + 1) }).byteLength + FIDL_HEADER_BYTES).toBeGreaterThan(FIDL_MAX_MESSAGE_BYTES);
  });

  it("follows the encoder it is given", () => {
    expect(largestEchoPayload((body) => new Uint8Array(body.value.byteLength + 20))).toBe(65_500);
  });

  it("rejects an encoder whose empty request is already too large", () => {
    expect(() => largestEchoPayload(() => new Uint8Array(70_000))).toThrow("an empty Echo request does not fit one FIDL message");
  });
});

describe("makePayload", () => {
  it("is deterministic per seed and not constant", () => {
    const a = makePayload(1024, 9);
    expect(sameBytes(a, makePayload(1024, 9))).toBe(true);
    expect(sameBytes(a, makePayload(1024, 10))).toBe(false);
    expect(new Set(a).size).toBeGreaterThan(200);
  });
});

describe("sameBytes", () => {
  it("compares length and every byte", () => {
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
  });
});
