// Schemas for FIDL containers: vector<T>:N, array<T, N>, and `:optional` / box<T>.
import { z } from "zod";

/** FIDL `vector<T>` or `vector<T>:N`: a JS array of at most `max` elements. */
export function vector<T>(element: z.ZodType<T>, max?: number): z.ZodType<T[]> {
  const base = z.array(element, { error: "expected an array" });
  return max === undefined ? base : base.max(max, { error: `vector has more than ${max} elements` });
}

/** FIDL `array<T, N>`: a JS array of exactly `n` elements. */
export function array<T>(element: z.ZodType<T>, n: number): z.ZodType<T[]> {
  return z.array(element, { error: "expected an array" }).length(n, { error: `expected exactly ${n} elements` });
}

/**
 * FIDL `:optional` and `box<T>`: the value or `null`. `undefined` (a missing field) is accepted
 * and normalized to `null`, so decoded values always say `null` for absent.
 */
export function optional<T>(inner: z.ZodType<T>): z.ZodType<T | null> {
  return inner.nullish().transform((value) => (value === undefined ? null : value)) as z.ZodType<T | null>;
}
