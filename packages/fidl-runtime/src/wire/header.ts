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

// The last ordinal written and read, split into 32-bit halves: a client or server sends and
// receives a handful of ordinals, so this saves a BigInt split on write and a BigInt allocation
// on read for almost every message (DataView/BigInt work was a visible share of a small call).
let writtenOrdinal = -1n;
let writtenLow = 0xffff_ffff; // -1n as a u64, like the DataView it replaced
let writtenHigh = 0xffff_ffff;
let readOrdinal = 0n;
let readLow = 0;
let readHigh = 0;

/** Writes a header into the first 16 bytes of `target`. */
export function writeHeader(target: Uint8Array, txid: number, ordinal: bigint, flexible: boolean): void {
  if (ordinal !== writtenOrdinal) {
    writtenLow = Number(ordinal & 0xffff_ffffn);
    writtenHigh = Number((ordinal >> 32n) & 0xffff_ffffn);
    writtenOrdinal = ordinal;
  }
  writeUint32(target, 0, txid);
  target[4] = AT_REST_FLAGS_V2;
  target[5] = 0;
  target[6] = flexible ? DYNAMIC_FLAG_FLEXIBLE : 0;
  target[7] = MAGIC_NUMBER;
  writeUint32(target, 8, writtenLow);
  writeUint32(target, 12, writtenHigh);
}

/** Reads the header of a message; `undefined` if the message is shorter than a header. */
export function readHeader(bytes: Uint8Array): MessageHeader | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  const low = readUint32(bytes, 8);
  const high = readUint32(bytes, 12);
  if (low !== readLow || high !== readHigh) {
    readOrdinal = (BigInt(high) << 32n) | BigInt(low);
    readLow = low;
    readHigh = high;
  }
  return {
    txid: readUint32(bytes, 0),
    atRestFlags: bytes[4]! | (bytes[5]! << 8),
    dynamicFlags: bytes[6]!,
    magic: bytes[7]!,
    ordinal: readOrdinal,
  };
}

function writeUint32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value;
  target[offset + 1] = value >>> 8;
  target[offset + 2] = value >>> 16;
  target[offset + 3] = value >>> 24;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) + bytes[offset + 3]! * 0x100_0000;
}
