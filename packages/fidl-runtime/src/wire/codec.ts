// Message bodies: msgpackr with settings both ends share (int64 as bigint, plain maps).
import { Packr } from "msgpackr";

/**
 * The body codec. `useRecords: false` keeps every message self-describing (no shared structure
 * table to fall out of sync); `int64AsType: "bigint"` round-trips int64/uint64 exactly.
 */
export const bodyCodec = new Packr({
  useRecords: false,
  int64AsType: "bigint",
  mapsAsObjects: true,
  moreTypes: false,
  bundleStrings: false,
});

/** Encodes a body value. */
export function encodeBody(value: unknown): Uint8Array {
  return bodyCodec.pack(value);
}

/** Decodes a body; throws on malformed input (callers turn that into a typed error). */
export function decodeBody(bytes: Uint8Array): unknown {
  return bodyCodec.unpack(bytes);
}
