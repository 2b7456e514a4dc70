// Builders for FIDL `enum` and `bits` schemas over their underlying integer type.
import type { z } from "zod";

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
  return base.refine((value) => values.has(value), { error: `not a member of the strict enum (${names})` });
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
  if (typeof mask === "bigint") {
    const m = mask;
    return base.refine((value) => ((value as bigint) & ~m) === 0n, {
      error: `has bits outside the strict bits mask 0x${m.toString(16)}`,
    });
  }
  const m = mask as number;
  // Numbers up to 32 bits: `>>> 0` keeps the test unsigned.
  return base.refine((value) => ((value as number) & ~m) >>> 0 === 0, {
    error: `has bits outside the strict bits mask 0x${m.toString(16)}`,
  });
}
