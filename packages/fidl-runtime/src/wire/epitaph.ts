// Epitaph messages: a server's last word (txid 0, ordinal all-ones, body = zx status).
// Kept apart from message.ts so the channel layer can send one without the handle machinery.
import type { ZxStatusCode } from "../zx/status.ts";
import { RESERVE_START_SPACE } from "msgpackr";
import { bodyCodec } from "./codec.ts";
import { EPITAPH_ORDINAL, HEADER_BYTES, writeHeader } from "./header.ts";
import { MESSAGE_HEADROOM_BYTES, markHeadroom } from "./headroom.ts";

/** An epitaph message: txid 0, ordinal all-ones, body the status (packed after room for the header). */
export function encodeEpitaph(status: ZxStatusCode): Uint8Array {
  const packed = bodyCodec.pack(status, RESERVE_START_SPACE | (MESSAGE_HEADROOM_BYTES + HEADER_BYTES));
  const bytes = packed.subarray(MESSAGE_HEADROOM_BYTES);
  writeHeader(bytes, 0, EPITAPH_ORDINAL, false);
  markHeadroom(bytes, MESSAGE_HEADROOM_BYTES);
  return bytes;
}
