// Builders for FIDL layouts: struct (all fields), table (optional fields), union (one variant).
import { z } from "zod";
import { canonicalTestsOf, isPlainObject, withCanonicalTest } from "./canonical.ts";

/** Field schemas of a struct or table, by field name. */
export type Fields = Record<string, z.ZodType>;

/**
 * FIDL `struct`: an object with every field. Unknown keys are dropped. Fields with a FIDL
 * default use `z.ZodType.default(...)` in `fields`, so a missing field takes its default.
 */
export function struct<T>(fields: Fields): z.ZodType<T> {
  const schema = z.object(fields, { error: "expected an object (struct)" }) as unknown as z.ZodType<T>;
  // Canonical: a plain object with exactly the fields, in declaration order, each canonical.
  const names = Object.keys(fields);
  const tests = canonicalTestsOf(Object.values(fields));
  if (tests === undefined) return schema;
  return withCanonicalTest(schema, (v) => {
    if (!isPlainObject(v)) return false;
    // for-in lists own keys first, then inherited enumerable ones (which never match a name).
    let i = 0;
    for (const key in v) {
      if (key !== names[i] || !tests[i]!(v[key])) return false;
      i++;
    }
    return i === names.length;
  });
}

/**
 * FIDL `table`: an object whose fields may each be absent (`undefined`); `null` counts as
 * absent too and is removed. Unknown keys (fields a newer peer knows) are dropped.
 */
export function table<T>(fields: Fields): z.ZodType<T> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(fields)) {
    shape[name] = schema.nullish().transform((value) => (value === null ? undefined : value));
  }
  const object = z.object(shape, { error: "expected an object (table)" });
  // Drop keys whose value is undefined so `"field" in table` means "field is present".
  const schema = object.transform((value) => {
    for (const key in value) if (value[key] === undefined) delete value[key];
    return value;
  }) as unknown as z.ZodType<T>;
  // Canonical: a plain object of known fields only, present ones canonical and in declaration
  // order (an absent field has no key: `null` or `undefined` values are not canonical).
  const tests = canonicalTestsOf(Object.values(fields));
  if (tests === undefined) return schema;
  const order = new Map(Object.keys(fields).map((name, index) => [name, index]));
  return withCanonicalTest(schema, (v) => {
    if (!isPlainObject(v)) return false;
    let previous = -1;
    for (const key of Object.keys(v)) {
      const index = order.get(key);
      const value = v[key];
      if (index === undefined || index <= previous || value == null || !tests[index]!(value)) return false;
      previous = index;
    }
    return true;
  });
}

/**
 * The shape of a flexible union's variant that this side does not know (a peer with a newer
 * FIDL definition sent it): `{ $unknown: { name, value } }`. The union schema produces it from
 * an unrecognized key and passes it through unchanged, so parsing is idempotent.
 */
export interface UnknownVariant {
  readonly $unknown: { readonly name: string; readonly value: unknown };
}

/** Key under which a flexible union keeps an unknown variant. */
export const UNKNOWN_VARIANT_KEY = "$unknown";

/** Options for {@link union}. */
export interface UnionOptions {
  /** Flexible unions admit unknown variants (see {@link UnknownVariant}); strict ones reject them. */
  readonly flexible: boolean;
}

function unknownKeyIssue(input: object, key: string, known: readonly string[]) {
  return {
    code: "custom" as const,
    input,
    path: [key],
    message: `unknown union variant "${key}" (expected one of: ${known.join(", ") || "none"})`,
  };
}

/**
 * FIDL `union`: an object with exactly one key, the variant name, e.g. `{ pizza: {...} }`.
 * Errors carry the variant in their path (`pasta.sauce`).
 */
export function union<T>(variants: Fields, options: UnionOptions): z.ZodType<T> {
  const known = Object.keys(variants);
  const table = new Map(Object.entries(variants));
  const schema = z.unknown().transform((input, ctx) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      ctx.issues.push({ code: "custom", input, message: "expected an object with one key (union)" });
      return z.NEVER;
    }
    const keys = Object.keys(input);
    if (keys.length !== 1) {
      ctx.issues.push({
        code: "custom",
        input,
        message: `expected exactly one union variant, got ${keys.length === 0 ? "none" : keys.join(", ")}`,
      });
      return z.NEVER;
    }
    const key = keys[0]!;
    const value = (input as Record<string, unknown>)[key];
    const schema = table.get(key);
    if (schema === undefined) {
      if (!options.flexible) {
        ctx.issues.push(unknownKeyIssue(input, key, known));
        return z.NEVER;
      }
      if (key === UNKNOWN_VARIANT_KEY && isUnknownPayload(value)) return input;
      return { [UNKNOWN_VARIANT_KEY]: { name: key, value } };
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.issues.push({ ...issue, input: value, path: [key, ...issue.path] } as (typeof ctx.issues)[number]);
      }
      return z.NEVER;
    }
    return result.data === value ? input : { [key]: result.data };
  }) as unknown as z.ZodType<T>;
  // Canonical: a plain object whose one key is a known variant with a canonical value.
  const tests = canonicalTestsOf([...table.values()]);
  if (tests === undefined) return schema;
  const variantTests = new Map(known.map((name, index) => [name, tests[index]!]));
  return withCanonicalTest(schema, (v) => {
    if (!isPlainObject(v)) return false;
    const keys = Object.keys(v);
    if (keys.length !== 1) return false;
    const key = keys[0]!;
    return variantTests.get(key)?.(v[key]) === true;
  });
}

function isUnknownPayload(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { name?: unknown }).name === "string";
}
