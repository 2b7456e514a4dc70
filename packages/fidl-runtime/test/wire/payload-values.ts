// fast-check arbitraries for message bodies, shared by the body encoder and decoder tests.
import fc from "fast-check";

// Every kind of value a validated payload holds, at every size boundary of the msgpack formats.
const bytesArbitrary = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.constantFrom(255, 256, 65_535, 65_536, 70_000).map((n) => new Uint8Array(n).fill(n & 0xff)),
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
);
const stringArbitrary = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }), // lone surrogates included
  fc.constantFrom(31, 32, 63, 64, 85, 86, 255, 256, 21_845, 21_846, 65_535, 65_536).map((n) => "é".repeat(n)),
  fc.constantFrom(31, 32, 255, 256, 65_535, 65_536).map((n) => "a".repeat(n)),
);
const numberArbitrary = fc.oneof(
  fc.integer(),
  fc.integer({ min: -40, max: 300 }),
  fc.constantFrom(0, -0, 127, 128, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, -32, -33, -128, -129, -32_768, -32_769),
  fc.constantFrom(-(2 ** 31), -(2 ** 31) - 1, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, 0.5, -1.25),
  fc.double(),
);
const bigintArbitrary = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
  fc.constantFrom(0n, -1n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n)),
);
const leafArbitrary = fc.oneof(
  stringArbitrary,
  numberArbitrary,
  bigintArbitrary,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  bytesArbitrary,
);
/** Any value a validated payload can hold (channels aside): plain objects, arrays and leaves. */
export const { value: payloadValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leafArbitrary, tie("array"), tie("object")),
  array: fc.oneof(fc.array(tie("value"), { maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 15, maxLength: 17 })),
  object: fc.dictionary(fc.string({ maxLength: 12 }), tie("value"), { maxKeys: 6 }),
}));
