// Schemas for FIDL containers: vector<T>:N, array<T, N>, and `:optional` / box<T>.
import { z } from "zod";
import { canonicalTestOf, withCanonicalTest } from "./canonical.ts";

/** FIDL `vector<T>` or `vector<T>:N`: a JS array of at most `max` elements. */
export function vector<T>(element: z.ZodType<T>, max?: number): z.ZodType<T[]> {
  const base = z.array(element, { error: "expected an array" });
  const schema = max === undefined ? base : base.max(max, { error: `vector has more than ${max} elements` });
  return withElementsTest(schema, element, (length) => max === undefined || length <= max);
}

/** FIDL `array<T, N>`: a JS array of exactly `n` elements. */
export function array<T>(element: z.ZodType<T>, n: number): z.ZodType<T[]> {
  const schema = z.array(element, { error: "expected an array" }).length(n, { error: `expected exactly ${n} elements` });
  return withElementsTest(schema, element, (length) => length === n);
}

/** An array schema's canonical test: an array of a fitting length whose elements are canonical. */
function withElementsTest<S extends z.ZodType>(schema: S, element: z.ZodType, fits: (length: number) => boolean): S {
  const elementTest = canonicalTestOf(element);
  if (elementTest === undefined) return schema;
  return withCanonicalTest(schema, (v) => {
    if (!Array.isArray(v) || !fits(v.length)) return false;
    for (let i = 0; i < v.length; i++) if (!elementTest(v[i])) return false;
    return true;
  });
}

/**
 * FIDL `:optional` and `box<T>`: the value or `null`. `undefined` (a missing field) is accepted
 * and normalized to `null`, so decoded values always say `null` for absent.
 */
export function optional<T>(inner: z.ZodType<T>): z.ZodType<T | null> {
  const schema = inner.nullish().transform((value) => (value === undefined ? null : value)) as z.ZodType<T | null>;
  // `undefined` is not canonical: zod turns it into `null`.
  const innerTest = canonicalTestOf(inner);
  return innerTest === undefined ? schema : withCanonicalTest(schema, (v) => v === null || innerTest(v));
}
