// Payload validation against the descriptor's zod schemas, with errors that name the field path.
import type { z } from "zod";
import { ownCanonicalTest } from "../schema/canonical.ts";

const INVALID: unique symbol = Symbol("fidl-ws.invalid");

/** @internal A failed validation: a printable reason naming the field path, and the zod issues. */
export class Invalid {
  readonly [INVALID] = true;
  constructor(
    readonly reason: string,
    readonly issues: readonly z.core.$ZodIssue[] | undefined,
  ) {}
}

/**
 * @internal Whether {@link validate} failed. A brand, not `instanceof Invalid`: under tsx
 * (esbuild's keepNames redefines every class's `name`) a class constructor is a dictionary-mode
 * object, and V8 compiles `instanceof` against one to its generic builtin, 300–700 instructions
 * a check at the bindings' per-message sites; a property load is a map check.
 */
export function isInvalid(value: unknown): value is Invalid {
  return typeof value === "object" && value !== null && (value as { [INVALID]?: unknown })[INVALID] === true;
}

/**
 * @internal Validates `value` against `schema` (absent = empty payload, which must be
 * null/undefined). Returns the parsed value (`value` itself when it is canonical already;
 * `undefined` for an empty payload), or {@link Invalid} whose reason reads
 * `request.value: too_big (Too big: expected string to have <=32 characters)`.
 */
export function validate(schema: z.ZodType | undefined, value: unknown, root: string): unknown {
  if (schema === undefined) {
    if (value === null || value === undefined) return undefined;
    return new Invalid(`${root}: expected an empty payload, got ${describe(value)}`, undefined);
  }
  // Most payloads are canonical already (see schema/canonical.ts): no zod parse, no copy.
  if (ownCanonicalTest(schema)?.(value) === true) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  if (first === undefined) return new Invalid(`${root}: does not match its schema`, issues);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? "s" : ""})` : "";
  return new Invalid(`${formatPath(root, first.path)}: ${first.code} (${first.message})${more}`, issues);
}

/** `request` + `["items", 3, "name"]` → `request.items[3].name`. */
function formatPath(root: string, path: readonly PropertyKey[]): string {
  let text = root;
  for (const key of path) {
    text += typeof key === "number" ? `[${key}]` : typeof key === "symbol" ? `[${String(key)}]` : `.${key}`;
  }
  return text;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
