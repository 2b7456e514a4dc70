// Epitaph messages: a server's last word (txid 0, ordinal all-ones, body = zx status).
// Kept apart from message.ts so the channel layer can send one without the handle machinery.
import type { ZxStatusCode } from "../zx/status.ts";
import { bodyCodec } from "./codec.ts";
import { EPITAPH_ORDINAL, HEADER_BYTES, writeHeader } from "./header.ts";

/** An epitaph message: txid 0, ordinal all-ones, body the status. */
export function encodeEpitaph(status: ZxStatusCode): Uint8Array {
  const packed = bodyCodec.pack(status);
  const bytes = Buffer.allocUnsafe(HEADER_BYTES + packed.byteLength);
  writeHeader(bytes, 0, EPITAPH_ORDINAL, false);
  bytes.set(packed, HEADER_BYTES);
  return bytes;
}
