// Constant values: parsing numeric literals and checking they fit a primitive type.
import type { PrimitiveSubtype } from "./ir.ts";

/** A resolved constant value. */
export type ConstValue =
  | { readonly type: "integer"; readonly value: bigint }
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "bool"; readonly value: boolean };

/** Inclusive ranges of the integer primitives. */
export const INTEGER_RANGES: Readonly<Partial<Record<PrimitiveSubtype, readonly [bigint, bigint]>>> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 4294967295n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** True for int8..uint64. */
export function isIntegerType(subtype: PrimitiveSubtype): boolean {
  return subtype in INTEGER_RANGES;
}

/** True for uint8..uint64. */
export function isUnsignedType(subtype: PrimitiveSubtype): boolean {
  return subtype.startsWith("uint");
}

/** Parses a numeric literal (`42`, `-0x1F`, `0b101`, `1.5e3`); integers as bigint. */
export function parseNumeric(text: string): ConstValue | undefined {
  const negative = text.startsWith("-");
  const body = negative ? text.slice(1) : text;
  if (/^0[xX][0-9a-fA-F]+$/.test(body) || /^0[bB][01]+$/.test(body) || /^[0-9]+$/.test(body)) {
    const value = BigInt(body);
    return { type: "integer", value: negative ? -value : value };
  }
  if (/^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(body)) {
    const value = Number(body);
    return { type: "float", value: negative ? -value : value };
  }
  return undefined;
}

/** Prints a value the way fidlc's JSON IR does in `value` (decimal integers, plain strings). */
export function formatConstValue(value: ConstValue): string {
  switch (value.type) {
    case "integer":
      return value.value.toString();
    case "float":
      return String(value.value);
    case "string":
      return value.value;
    case "bool":
      return value.value ? "true" : "false";
  }
}
