// Schemas for FIDL primitives: bool, integers with their exact ranges, floats.
import { z } from "zod";
import { withCanonicalTest } from "./canonical.ts";

function intRange(min: number, max: number, name: string): z.ZodType<number> {
  const schema = z
    .number({ error: (issue) => (issue.input === undefined ? `expected ${name}, got nothing` : `expected ${name}`) })
    .int({ error: `expected ${name} (an integer)` })
    .min(min, { error: `${name} must be >= ${min}` })
    .max(max, { error: `${name} must be <= ${max}` });
  return withCanonicalTest(schema, (v) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max);
}

function bigintRange(min: bigint, max: bigint, name: string, bound: { min: string; max: string }): z.ZodType<bigint> {
  const schema = z
    .bigint({ error: `expected ${name} (a bigint)` })
    .min(min, { error: `${name} must be >= ${bound.min}` })
    .max(max, { error: `${name} must be <= ${bound.max}` });
  return withCanonicalTest(schema, (v) => typeof v === "bigint" && v >= min && v <= max);
}

/** FIDL `bool`. */
export const bool: z.ZodType<boolean> = withCanonicalTest(z.boolean(), (v) => typeof v === "boolean");
/** FIDL `int8`: an integer in [-128, 127]. */
export const int8: z.ZodType<number> = intRange(-128, 127, "int8");
/** FIDL `int16`: an integer in [-32768, 32767]. */
export const int16: z.ZodType<number> = intRange(-32768, 32767, "int16");
/** FIDL `int32`. */
export const int32: z.ZodType<number> = intRange(-2147483648, 2147483647, "int32");
/** FIDL `uint8`: an integer in [0, 255]. */
export const uint8: z.ZodType<number> = intRange(0, 255, "uint8");
/** FIDL `uint16`. */
export const uint16: z.ZodType<number> = intRange(0, 65535, "uint16");
/** FIDL `uint32`. */
export const uint32: z.ZodType<number> = intRange(0, 4294967295, "uint32");
/** FIDL `int64`, as a bigint. */
export const int64: z.ZodType<bigint> = bigintRange(-(2n ** 63n), 2n ** 63n - 1n, "int64", { min: "-2^63", max: "2^63-1" });
/** FIDL `uint64`, as a bigint. */
export const uint64: z.ZodType<bigint> = bigintRange(0n, 2n ** 64n - 1n, "uint64", { min: "0", max: "2^64-1" });

// FIDL floats carry NaN and infinities (IEEE 754), which z.number() rejects.
const isNumber = (v: unknown): boolean => typeof v === "number";
const anyNumber = (name: string): z.ZodType<number> =>
  withCanonicalTest(z.custom<number>(isNumber, { error: `expected ${name} (a number)` }), isNumber);

/** FIDL `float32` (any JS number; NaN and infinities included, as IEEE 754 allows). */
export const float32: z.ZodType<number> = anyNumber("float32");
/** FIDL `float64` (any JS number; NaN and infinities included). */
export const float64: z.ZodType<number> = anyNumber("float64");

/** The schema of a FIDL primitive by its name (`int32`, `bool`, ...). */
export const primitives = {
  bool,
  int8,
  int16,
  int32,
  int64,
  uint8,
  uint16,
  uint32,
  uint64,
  float32,
  float64,
} as const;

/** Names of the FIDL primitive types. */
export type PrimitiveName = keyof typeof primitives;
