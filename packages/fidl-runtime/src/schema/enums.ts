// Builders for FIDL `enum` and `bits` schemas over their underlying integer type.
import type { z } from "zod";
import { canonicalTestOf, withCanonicalTest } from "./canonical.ts";

/** Options for {@link enumOf}. */
export interface EnumOptions {
  /** Flexible enums admit any value of the underlying type; strict ones only members. */
  readonly flexible: boolean;
}

/**
 * FIDL `enum`: `underlying` validates the integer (number, or bigint for 64-bit types); a strict
 * enum also requires one of `members`' values.
 */
export function enumOf<T extends number | bigint>(
  underlying: z.ZodType<number> | z.ZodType<bigint>,
  members: Readonly<Record<string, T>>,
  options: EnumOptions,
): z.ZodType<T> {
  const base = underlying as z.ZodType<T>;
  if (options.flexible) return base;
  const values = new Set<number | bigint>(Object.values(members));
  const names = Object.entries(members)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
  const isMember = (value: unknown): boolean => values.has(value as number | bigint);
  const schema = base.refine(isMember, { error: `not a member of the strict enum (${names})` });
  const underlyingTest = canonicalTestOf(underlying);
  return underlyingTest === undefined ? schema : withCanonicalTest(schema, (v) => underlyingTest(v) && isMember(v));
}

/** Options for {@link bitsOf}. */
export interface BitsOptions {
  /** Flexible bits admit unknown bits; strict bits reject any bit outside `mask`. */
  readonly flexible: boolean;
}

/**
 * FIDL `bits`: `underlying` validates the integer; strict bits also require `value & ~mask`
 * to be zero. `mask` is the OR of every member.
 */
export function bitsOf<T extends number | bigint>(
  underlying: z.ZodType<number> | z.ZodType<bigint>,
  mask: T,
  options: BitsOptions,
): z.ZodType<T> {
  const base = underlying as z.ZodType<T>;
  if (options.flexible) return base;
  const m = mask;
  // Numbers up to 32 bits: `>>> 0` keeps the test unsigned.
  const inMask =
    typeof m === "bigint"
      ? (value: unknown) => ((value as bigint) & ~m) === 0n
      : (value: unknown) => ((value as number) & ~(m as number)) >>> 0 === 0;
  const schema = base.refine(inMask, { error: `has bits outside the strict bits mask 0x${m.toString(16)}` });
  const underlyingTest = canonicalTestOf(underlying);
  return underlyingTest === undefined ? schema : withCanonicalTest(schema, (v) => underlyingTest(v) && inMask(v));
}
