// Schemas for FIDL `string:N` (bounded in UTF-8 bytes, as on the wire) and `vector<uint8>` bytes.
import { Buffer } from "node:buffer";
import { z } from "zod";
import { withCanonicalTest } from "./canonical.ts";

/**
 * FIDL `string` or `string:N`: a JS string whose UTF-8 encoding is at most `maxBytes` bytes
 * (FIDL bounds strings in bytes, not characters).
 */
export function string(maxBytes?: number): z.ZodType<string> {
  const base = z.string({ error: "expected a string" });
  if (maxBytes === undefined) return withCanonicalTest(base, (v) => typeof v === "string");
  const bounded = base.check(
    z.superRefine((value: string, ctx) => {
      if (!utf8Fits(value, maxBytes)) {
        ctx.addIssue({
          code: "too_big",
          maximum: maxBytes,
          origin: "string",
          inclusive: true,
          input: value,
          message: `string is longer than its bound of ${maxBytes} UTF-8 bytes`,
        });
      }
    }),
  );
  return withCanonicalTest(bounded, (v) => typeof v === "string" && utf8Fits(v, maxBytes));
}

/**
 * Whether `value` takes at most `maxBytes` bytes in UTF-8. A UTF-16 unit is 1 to 3 UTF-8 bytes:
 * the bytes are counted only when the length alone does not settle it.
 */
function utf8Fits(value: string, maxBytes: number): boolean {
  if (value.length * 3 <= maxBytes) return true;
  return value.length <= maxBytes && Buffer.byteLength(value, "utf8") <= maxBytes;
}

/** FIDL `vector<uint8>` / `bytes` (optionally bounded `:N`): a Uint8Array (Buffers are Uint8Arrays too). */
export function bytes(max?: number): z.ZodType<Uint8Array> {
  const base = z.instanceof(Uint8Array, { error: "expected a Uint8Array" });
  if (max === undefined) return withCanonicalTest(base, (v) => v instanceof Uint8Array);
  const fits = (value: Uint8Array): boolean => value.length <= max;
  const bounded = base.refine(fits, { error: `byte vector is longer than ${max} bytes` });
  return withCanonicalTest(bounded, (v) => v instanceof Uint8Array && fits(v));
}

/** FIDL `array<uint8, N>`: a Uint8Array of exactly `n` bytes. */
export function byteArray(n: number): z.ZodType<Uint8Array> {
  const fits = (value: Uint8Array): boolean => value.length === n;
  const schema = z.instanceof(Uint8Array, { error: "expected a Uint8Array" }).refine(fits, { error: `expected exactly ${n} bytes` });
  return withCanonicalTest(schema, (v) => v instanceof Uint8Array && fits(v));
}
