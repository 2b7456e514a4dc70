// Canonical tests against zod: a value a test accepts is one zod accepts and returns unchanged
// (same keys in the same order, same types), and every value zod outputs is accepted.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { validate } from "../../src/bindings/validate.ts";
import { Channel } from "../../src/channel/channel.ts";
import { ownCanonicalTest } from "../../src/schema/canonical.ts";
import * as fidl from "../../src/schema/index.ts";

/** A schema and an arbitrary of inputs that mostly pass it, some canonical, some not. */
interface Spec {
  readonly name: string;
  readonly schema: z.ZodType;
  /** Inputs zod accepts (canonical or not: missing optionals, nulls in tables, extra keys...). */
  readonly valid: fc.Arbitrary<unknown>;
  /** Valid inputs, inputs just past a bound at any depth, and values of the wrong type. */
  readonly near: fc.Arbitrary<unknown>;
}

const channel = Channel.create()[0];
const anything = fc.oneof(
  fc.constantFrom(undefined, null, true, 0, -0, 1.5, Number.NaN, "", "x", 0n, -1n, 2n ** 64n, [], {}, channel),
  fc.constantFrom(new Uint8Array(3), Buffer.from("ab"), new Date(0), Object.create(null) as object, [1, "a"]),
  fc.integer(),
  fc.string({ maxLength: 6 }),
);

/** A leaf: its valid inputs, and inputs of its type just past its bounds. */
function leaf(name: string, schema: z.ZodType, valid: fc.Arbitrary<unknown>, beyond: fc.Arbitrary<unknown>): Spec {
  const near = fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: beyond }, anything);
  return { name, schema, valid, near };
}

const leaves: Spec[] = [
  leaf("bool", fidl.bool, fc.boolean(), fc.constantFrom(0, 1, "true")),
  leaf("int8", fidl.int8, fc.integer({ min: -128, max: 127 }), fc.constantFrom(-129, 128, 0.5, 1n)),
  leaf("uint8", fidl.uint8, fc.integer({ min: 0, max: 255 }), fc.constantFrom(-1, 256, Number.NaN)),
  leaf("int32", fidl.int32, fc.oneof(fc.integer(), fc.constant(-0)), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Infinity)),
  leaf("uint32", fidl.uint32, fc.nat(), fc.constantFrom(-1, 2 ** 32, 2 ** 53)),
  leaf("int64", fidl.int64, fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(2n ** 63n, -(2n ** 63n) - 1n, 1)),
  leaf("uint64", fidl.uint64, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(-1n, 2n ** 64n, 0)),
  leaf("float64", fidl.float64, fc.oneof(fc.double(), fc.constant(Number.NaN)), fc.constantFrom(1n, "1")),
  leaf("string", fidl.string(), fc.string({ maxLength: 8 }), fc.constantFrom(new Uint8Array(1), 1)),
  // A bound of 5 bytes: "ééé" (3 units, 6 bytes) needs the exact count.
  leaf("string:5", fidl.string(5), fc.oneof(fc.string({ maxLength: 5 }), fc.constant("éé")), fc.constantFrom("ééé", "abcdef")),
  leaf("bytes", fidl.bytes(), fc.uint8Array({ maxLength: 4 }), fc.constantFrom([1, 2], "ab")),
  leaf("bytes:3", fidl.bytes(3), fc.uint8Array({ maxLength: 3 }), fc.uint8Array({ minLength: 4, maxLength: 5 })),
  leaf("array<uint8,2>", fidl.byteArray(2), fc.uint8Array({ minLength: 2, maxLength: 2 }), fc.uint8Array({ maxLength: 4 })),
  leaf("client_end", fidl.clientEnd("P"), fc.constant(channel), fc.constantFrom({ handle: 1 }, 1)),
  leaf("strict enum", fidl.enumOf(fidl.uint8, { A: 1, B: 7 }, { flexible: false }), fc.constantFrom(1, 7), fc.constantFrom(0, 2, 8, 256)),
  leaf("strict bits", fidl.bitsOf(fidl.uint32, 0b101, { flexible: false }), fc.constantFrom(0, 1, 4, 5), fc.constantFrom(2, 7, -1)),
  leaf("strict bits64", fidl.bitsOf(fidl.uint64, 2n ** 63n, { flexible: false }), fc.constantFrom(0n, 2n ** 63n), fc.constantFrom(1n, 2n ** 64n)),
];

const names = ["a", "b", "c"];

function specArbitrary(depth: number): fc.Arbitrary<Spec> {
  return anySpec(depth).map(named);
}

function anySpec(depth: number): fc.Arbitrary<Spec> {
  const leaf = fc.constantFrom(...leaves);
  if (depth === 0) return leaf;
  const inner = () => specArbitrary(depth - 1);
  const fieldList = (min: number) => fc.array(inner(), { minLength: min, maxLength: 3 });
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    inner().map((e) => ({
      name: `vector<${e.name}>:2`,
      schema: fidl.vector(e.schema, 2),
      valid: fc.array(e.valid, { maxLength: 2 }),
      near: fc.oneof(fc.array(e.near, { maxLength: 3 }), anything),
    })),
    inner().map((e) => ({
      name: `array<${e.name},2>`,
      schema: fidl.array(e.schema, 2),
      valid: fc.array(e.valid, { minLength: 2, maxLength: 2 }),
      near: fc.oneof(fc.array(e.near, { minLength: 1, maxLength: 3 }), anything),
    })),
    inner().map((e) => ({
      name: `${e.name}:optional`,
      schema: fidl.optional(e.schema),
      valid: fc.oneof(e.valid, fc.constantFrom(null, undefined)),
      near: fc.oneof(e.near, fc.constantFrom(null, undefined)),
    })),
    fc.tuple(fieldList(0), fc.boolean()).map(([fields, withDefault]) => structSpec(fields, withDefault)),
    fieldList(1).map(tableSpec),
    fc.tuple(fieldList(1), fc.boolean()).map(([variants, flexible]) => unionSpec(variants, flexible)),
  );
}

/**
 * Objects with the given fields (each from its arbitrary; absent unless required), sometimes in
 * reverse order or with an unknown key: zod accepts both and neither is canonical.
 */
function objects(fields: Record<string, fc.Arbitrary<unknown>>, required: boolean): fc.Arbitrary<object> {
  const record = required ? fc.record(fields) : fc.record(fields, { requiredKeys: [] });
  return fc.tuple(record, fc.boolean(), fc.boolean()).map(([value, reverse, extra]) => {
    const entries = Object.entries(value);
    if (reverse) entries.reverse();
    return Object.fromEntries(extra ? [...entries, ["unknownKey", 1]] : entries);
  });
}

/** Field name → the arbitrary `pick` takes from its spec. */
function fieldValues(fields: Spec[], pick: (field: Spec) => fc.Arbitrary<unknown>): Record<string, fc.Arbitrary<unknown>> {
  return Object.fromEntries(fields.map((field, i) => [names[i]!, pick(field)]));
}

function structSpec(fields: Spec[], withDefault: boolean): Spec {
  // A bool field may carry a FIDL default (the canonical test sees through `.default`); it may
  // then be absent.
  const shape: Record<string, z.ZodType> = {};
  fields.forEach((field, i) => {
    shape[names[i]!] = withDefault && field.name === "bool" ? field.schema.default(true as never) : field.schema;
  });
  const hasDefault = withDefault && fields.some((field) => field.name === "bool");
  const withMissing = (values: fc.Arbitrary<object>) =>
    hasDefault
      ? fc.tuple(values, fc.boolean()).map(([value, drop]) => {
          const index = fields.findIndex((field) => field.name === "bool");
          return drop ? Object.fromEntries(Object.entries(value).filter(([key]) => key !== names[index])) : value;
        })
      : values;
  return {
    name: `struct{${fields.map((f) => f.name).join(", ")}}${hasDefault ? " (default)" : ""}`,
    schema: fidl.struct(shape),
    valid: withMissing(objects(fieldValues(fields, (f) => f.valid), true)),
    near: fc.oneof(objects(fieldValues(fields, (f) => f.near), true), objects(fieldValues(fields, (f) => f.near), false)),
  };
}

function tableSpec(fields: Spec[]): Spec {
  const shape = Object.fromEntries(fields.map((field, i) => [names[i]!, field.schema]));
  const orAbsent = (arbitrary: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 3, arbitrary }, fc.constantFrom(null, undefined));
  return {
    name: `table{${fields.map((f) => f.name).join(", ")}}`,
    schema: fidl.table(shape),
    valid: objects(fieldValues(fields, (f) => orAbsent(f.valid)), false),
    near: fc.oneof(objects(fieldValues(fields, (f) => orAbsent(f.near)), false), anything),
  };
}

function unionSpec(variants: Spec[], flexible: boolean): Spec {
  const shape = Object.fromEntries(variants.map((variant, i) => [names[i]!, variant.schema]));
  const one = (pick: (variant: Spec) => fc.Arbitrary<unknown>) =>
    variants.map((variant, i) => pick(variant).map((value) => ({ [names[i]!]: value })));
  return {
    name: `${flexible ? "flexible" : "strict"} union{${variants.map((v) => v.name).join(", ")}}`,
    schema: fidl.union(shape, { flexible }),
    valid: fc.oneof(...one((v) => v.valid), ...(flexible ? [fc.constant({ newer: 1 })] : [])),
    // Besides near variants: no variant, two variants, an unknown one.
    near: fc.oneof(...one((v) => v.near), objects(fieldValues(variants, (v) => v.valid), false), anything),
  };
}

/** Deep equality that also holds key order, -0, byte arrays' type, and plain objects to plain objects. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Uint8Array) return Buffer.from(a).equals(b as Uint8Array);
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameValue(item, other[i]));
  }
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.join("\u0000") !== otherKeys.join("\u0000")) return false;
  return keys.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Counterexamples name the spec, not the whole zod schema. */
function named(spec: Spec): Spec {
  return Object.assign(spec, { [fc.toStringMethod]: () => spec.name });
}

const specsAndInputs = specArbitrary(2).chain((spec) =>
  fc.tuple(fc.constant(spec), spec.near),
);

describe("canonical tests", () => {
  it("accept a value only if zod accepts it and returns it unchanged", () => {
    fc.assert(
      fc.property(specsAndInputs, ([spec, input]) => {
        const test = ownCanonicalTest(spec.schema);
        if (test === undefined || !test(input)) return;
        const parsed = spec.schema.safeParse(input);
        expect(parsed.success, spec.name).toBe(true);
        expect(sameValue(parsed.data, input), spec.name).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("accept every value zod outputs (so a canonical payload never goes through zod)", () => {
    fc.assert(
      fc.property(
        specArbitrary(2).chain((spec) => fc.tuple(fc.constant(spec), spec.valid)),
        ([spec, input]) => {
          const parsed = spec.schema.safeParse(input);
          expect(parsed.success, spec.name).toBe(true);
          const output = parsed.data;
          // zod keeps an unknown variant of a flexible union as `{ $unknown: ... }`: left to zod.
          if (JSON.stringify(output, (_k, v) => (typeof v === "bigint" ? 0 : v))?.includes("$unknown")) return;
          expect(ownCanonicalTest(spec.schema)?.(output), spec.name).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("make validation return a canonical payload itself, and zod's copy otherwise", () => {
    const schema = fidl.struct({ a: fidl.uint8, b: fidl.optional(fidl.string()) });
    const canonical = { a: 1, b: null };
    expect(validate(schema, canonical, "request")).toBe(canonical);
    // Not canonical: an unknown key (dropped), keys out of order, `undefined` for an optional.
    expect(validate(schema, { a: 1, b: "x", extra: true }, "request")).toEqual({ a: 1, b: "x" });
    expect(Object.keys(validate(schema, { b: "x", a: 1 }, "request") as object)).toEqual(["a", "b"]);
    expect(validate(schema, { a: 1, b: undefined }, "request")).toStrictEqual({ a: 1, b: null });
    expect(validate(schema, { a: 256, b: null }, "request")).toMatchObject({ reason: "request.a: too_big (uint8 must be <= 255)" });
  });

  it("leave tables out of declaration order, or with null fields, to zod", () => {
    const table = fidl.table({ a: fidl.uint8, b: fidl.string(), c: fidl.bool });
    const canonical = { a: 1, c: true };
    expect(validate(table, canonical, "request")).toBe(canonical);
    expect(Object.keys(validate(table, { c: true, a: 1 }, "request") as object)).toEqual(["a", "c"]);
    expect(validate(table, { a: 1, b: null }, "request")).toStrictEqual({ a: 1 });
  });
});
