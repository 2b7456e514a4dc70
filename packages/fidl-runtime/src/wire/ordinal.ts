// FIDL method ordinals, computed as fidlc does (RFC-0020 with 64-bit ordinals).
import { createHash } from "node:crypto";

const ORDINAL_MASK = 0x7fff_ffff_ffff_ffffn;

/**
 * The full selector fidlc hashes: `@selector` if given (used as is when it contains `/`),
 * otherwise `library/Protocol.Method`.
 */
export function fullSelector(library: string, protocol: string, method: string, selector?: string): string {
  const name = selector ?? method;
  return name.includes("/") ? name : `${library}/${protocol}.${name}`;
}

/** First 8 bytes of SHA-256(selector), little-endian, top bit cleared. */
export function ordinalOf(selector: string): bigint {
  const digest = createHash("sha256").update(selector, "utf8").digest();
  return digest.readBigUInt64LE(0) & ORDINAL_MASK;
}

/** The ordinal of `library/Protocol.Method` (or its `@selector`). */
export function methodOrdinal(library: string, protocol: string, method: string, selector?: string): bigint {
  return ordinalOf(fullSelector(library, protocol, method, selector));
}

/** Prints an ordinal the way Fuchsia docs do: `0x002f679074ce7a25`. */
export function formatOrdinal(ordinal: bigint): string {
  return `0x${ordinal.toString(16).padStart(16, "0")}`;
}
