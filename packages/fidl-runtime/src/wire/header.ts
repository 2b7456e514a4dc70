// The 16-byte FIDL transactional message header.

/** Size of the transactional header. */
export const HEADER_BYTES = 16;
/** The only magic number this wire format speaks. */
export const MAGIC_NUMBER = 0x01;
/** At-rest flag byte 0 announcing wire format v2. */
export const AT_REST_FLAGS_V2 = 0x02;
/** Dynamic flag: the interaction is flexible (RFC-0138). */
export const DYNAMIC_FLAG_FLEXIBLE = 0x80;
/** The ordinal of an epitaph message. */
export const EPITAPH_ORDINAL = 0xffff_ffff_ffff_ffffn;

/** A decoded transactional header. */
export interface MessageHeader {
  txid: number;
  /** Two at-rest flag bytes as a little-endian u16. Unknown bits are ignored. */
  atRestFlags: number;
  dynamicFlags: number;
  magic: number;
  ordinal: bigint;
}

/** True if the header marks a flexible interaction. */
export function isFlexible(header: MessageHeader): boolean {
  return (header.dynamicFlags & DYNAMIC_FLAG_FLEXIBLE) !== 0;
}

/** Writes a header into the first 16 bytes of `target`. */
export function writeHeader(target: Uint8Array, txid: number, ordinal: bigint, flexible: boolean): void {
  const view = new DataView(target.buffer, target.byteOffset, HEADER_BYTES);
  view.setUint32(0, txid, true);
  target[4] = AT_REST_FLAGS_V2;
  target[5] = 0;
  target[6] = flexible ? DYNAMIC_FLAG_FLEXIBLE : 0;
  target[7] = MAGIC_NUMBER;
  view.setBigUint64(8, ordinal, true);
}

/** Reads the header of a message; `undefined` if the message is shorter than a header. */
export function readHeader(bytes: Uint8Array): MessageHeader | undefined {
  if (bytes.byteLength < HEADER_BYTES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  return {
    txid: view.getUint32(0, true),
    atRestFlags: view.getUint16(4, true),
    dynamicFlags: bytes[6]!,
    magic: bytes[7]!,
    ordinal: view.getBigUint64(8, true),
  };
}
