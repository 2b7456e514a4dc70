// Schemas for FIDL `string:N` (bounded in UTF-8 bytes, as on the wire) and `vector<uint8>` bytes.
import { z } from "zod";

/**
 * FIDL `string` or `string:N`: a JS string whose UTF-8 encoding is at most `maxBytes` bytes
 * (FIDL bounds strings in bytes, not characters).
 */
export function string(maxBytes?: number): z.ZodType<string> {
  const base = z.string({ error: "expected a string" });
  if (maxBytes === undefined) return base;
  return base.check(
    z.superRefine((value: string, ctx) => {
      // A UTF-16 unit is 1 to 3 UTF-8 bytes: skip the count when the answer is already certain.
      if (value.length * 3 <= maxBytes) return;
      const bytes = value.length > maxBytes ? value.length : Buffer.byteLength(value, "utf8");
      if (bytes > maxBytes) {
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
}

/** FIDL `vector<uint8>` / `bytes` (optionally bounded `:N`): a Uint8Array (Buffers are Uint8Arrays too). */
export function bytes(max?: number): z.ZodType<Uint8Array> {
  const base = z.instanceof(Uint8Array, { error: "expected a Uint8Array" });
  if (max === undefined) return base;
  return base.refine((value) => value.length <= max, { error: `byte vector is longer than ${max} bytes` });
}

/** FIDL `array<uint8, N>`: a Uint8Array of exactly `n` bytes. */
export function byteArray(n: number): z.ZodType<Uint8Array> {
  return z
    .instanceof(Uint8Array, { error: "expected a Uint8Array" })
    .refine((value) => value.length === n, { error: `expected exactly ${n} bytes` });
}
