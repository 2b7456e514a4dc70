// Whole FIDL messages: header + msgpackr body in one buffer, and epitaphs.
import { ZxError } from "../zx/error.ts";
import { ZxStatus, type ZxStatusCode } from "../zx/status.ts";
import type { Channel } from "../channel/channel.ts";
import { bodyCodec } from "./codec.ts";
import { packBody } from "./body-packer.ts";
import { NOT_READ, readBody } from "./body-reader.ts";
import { resolveHandles } from "./handles.ts";
import { MESSAGE_HEADROOM_BYTES, markHeadroom } from "./headroom.ts";
export { encodeEpitaph } from "./epitaph.ts";
import { EPITAPH_ORDINAL, HEADER_BYTES, MAGIC_NUMBER, type MessageHeader, readHeader, writeHeader } from "./header.ts";

/** An encoded message ready for `Channel.write`. */
export interface EncodedMessage {
  bytes: Uint8Array;
  handles: Channel[];
}

/**
 * Encodes header and body into one buffer; Channels in the body become the message's handles.
 * The body is packed once, straight after room for the header (no second buffer, no copy), and
 * the bytes carry headroom for a link frame header (see headroom.ts). The bytes are msgpackr's
 * (see body-packer.ts).
 */
export function encodeMessage(txid: number, ordinal: bigint, flexible: boolean, body: unknown): EncodedMessage {
  const handles: Channel[] = [];
  const bytes = packBody(body, MESSAGE_HEADROOM_BYTES, HEADER_BYTES, handles);
  writeHeader(bytes, txid, ordinal, flexible);
  markHeadroom(bytes, MESSAGE_HEADROOM_BYTES);
  return { bytes, handles };
}

/**
 * Decodes a body — `bytes` from `start` on (pass a whole message and HEADER_BYTES to skip its
 * header without making a view of the body) — turning handle references back into the
 * message's Channels. Throws ZxError(INVALID_ARGS) for bytes that are not msgpack, BAD_HANDLE
 * for bad handle references.
 */
export function decodeMessageBody(bytes: Uint8Array, handles: readonly Channel[], start = 0): unknown {
  // Bodies without handles go to the fast reader first; it leaves whatever it does not read
  // (handle references included) to msgpackr below.
  if (handles.length === 0) {
    const value = readBody(bytes, start);
    if (value !== NOT_READ) return value;
  }
  const body = start === 0 ? bytes : bytes.subarray(start);
  return resolveHandles(handles, () => {
    try {
      return bodyCodec.unpack(body);
    } catch (cause) {
      if (cause instanceof ZxError) throw cause;
      throw new ZxError(ZxStatus.INVALID_ARGS, `message body does not decode: ${(cause as Error).message}`, { cause });
    }
  });
}

/** A decoded message: header and the still-encoded body bytes. */
export interface DecodedHeader {
  header: MessageHeader;
  body: Uint8Array;
}

/**
 * Splits a message into header and body, checking the magic number. Throws ZxError(INVALID_ARGS)
 * for a message too short to hold a header, PROTOCOL_NOT_SUPPORTED for an unknown magic number.
 */
export function decodeHeader(bytes: Uint8Array): DecodedHeader {
  return { header: decodeMessageHeader(bytes), body: bytes.subarray(HEADER_BYTES) };
}

/** {@link decodeHeader}'s header alone (the bindings decode the body in place, see decodeMessageBody). */
export function decodeMessageHeader(bytes: Uint8Array): MessageHeader {
  const header = readHeader(bytes);
  if (header === undefined) {
    throw new ZxError(ZxStatus.INVALID_ARGS, `message of ${bytes.byteLength} bytes is shorter than the 16-byte header`);
  }
  if (header.magic !== MAGIC_NUMBER) {
    throw new ZxError(ZxStatus.PROTOCOL_NOT_SUPPORTED, `unknown magic number 0x${header.magic.toString(16).padStart(2, "0")}`);
  }
  return header;
}

/** Reads the status out of an epitaph body; INVALID_ARGS if it is not an int32. */
export function decodeEpitaphStatus(body: Uint8Array): ZxStatusCode {
  let status: unknown;
  try {
    status = bodyCodec.unpack(body);
  } catch (cause) {
    throw new ZxError(ZxStatus.INVALID_ARGS, "epitaph body does not decode", { cause });
  }
  if (typeof status !== "number" || !Number.isInteger(status) || status < -(2 ** 31) || status >= 2 ** 31) {
    throw new ZxError(ZxStatus.INVALID_ARGS, "epitaph body is not an int32 status");
  }
  return status;
}

/** True if the message's ordinal is the epitaph ordinal. */
export function isEpitaph(header: MessageHeader): boolean {
  return header.ordinal === EPITAPH_ORDINAL;
}
