// Canonical tests: a quick "this value is already exactly what its schema would produce".
//
// zod builds a new object for every struct, table, union and vector it parses, and that is most
// of what validating a small message costs. A payload the bindings send or receive is almost
// always canonical already: the right types, in range, struct fields present and in declaration
// order, no unknown keys, `null` (never `undefined`) for an absent optional. zod's output for
// such a value equals the value, so validation may return it as it is. Each schema builder in
// this folder registers a test for exactly that; a value its test does not accept goes to zod,
// which reports the precise issue or builds the canonical value. A test never means "invalid".
import type { z } from "zod";

/** True only if parsing `value` would succeed and produce a value equal to it (same key order). */
export type CanonicalTest = (value: unknown) => boolean;

// Kept on the schema itself: a property read costs a tenth of a WeakMap lookup, and validation
// asks on every message. zod's derived schemas (`.refine`, `.default`...) do not copy it.
const CANONICAL_TEST: unique symbol = Symbol("fidl-ws.canonicalTest");

interface WithCanonicalTest {
  [CANONICAL_TEST]?: CanonicalTest;
}

/** Registers `test` as `schema`'s canonical test; returns `schema`. */
export function withCanonicalTest<S extends z.ZodType>(schema: S, test: CanonicalTest): S {
  (schema as WithCanonicalTest)[CANONICAL_TEST] = test;
  return schema;
}

/** The test registered on `schema` itself (what validation uses per message). */
export function ownCanonicalTest(schema: z.ZodType): CanonicalTest | undefined {
  return (schema as WithCanonicalTest)[CANONICAL_TEST];
}

/**
 * The canonical test of `schema`, if it has one. A field with a FIDL default
 * (`schema.default(...)`, which generated code and run-time bindings add) has its inner schema's
 * test: a value that is present is parsed by the inner schema alone.
 */
export function canonicalTestOf(schema: z.ZodType): CanonicalTest | undefined {
  const test = ownCanonicalTest(schema);
  if (test !== undefined) return test;
  const def = schema._zod.def as { type: string; innerType?: z.ZodType };
  return def.type === "default" && def.innerType !== undefined ? ownCanonicalTest(def.innerType) : undefined;
}

/** The tests of every schema, or undefined if any has none (then zod checks the whole value). */
export function canonicalTestsOf(schemas: readonly z.ZodType[]): CanonicalTest[] | undefined {
  const found: CanonicalTest[] = [];
  for (const schema of schemas) {
    const test = canonicalTestOf(schema);
    if (test === undefined) return undefined;
    found.push(test);
  }
  return found;
}

/** An object made by `{...}` literal syntax (what zod's object parsing outputs). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
