// The per-message body decoder's fast path: reads the common shapes of what body-packer.ts
// writes and gives up on anything else, which msgpackr then decodes (or refuses) as before.
//
// msgpackr's `unpack` prepares state for records, bundled strings and extensions on every call
// and hangs a DataView on each source buffer. This reader handles maps with ASCII string keys,
// arrays, ASCII strings, byte strings, numbers, int64 as bigint, booleans, nil and undefined. On
// any other byte, on truncation, on trailing bytes and on keys msgpackr renames it returns
// {@link NOT_READ}, and msgpackr decides: a body decodes to the same value, or fails with the
// same error, either way (a differential property test holds it to that).

import { buildObject } from "./object-shapes.ts";

/** Returned when the body holds something this reader leaves to msgpackr. */
export const NOT_READ: unique symbol = Symbol("fidl-ws.notRead");

/** Thrown inside the reader (never escapes) to give up. */
const GIVE_UP: unique symbol = Symbol("fidl-ws.giveUp");

const EMPTY = new Uint8Array(0);
let source: Uint8Array = EMPTY;
let position = 0;
let end = 0;
let view: DataView | undefined;

/**
 * Decodes `bytes` from `start` to the end as one msgpack value, or returns {@link NOT_READ} for
 * msgpackr to do it.
 */
export function readBody(bytes: Uint8Array, start = 0): unknown {
  source = bytes;
  position = start;
  end = bytes.length;
  try {
    const value = readValue();
    return position === end ? value : NOT_READ;
  } catch {
    // GIVE_UP, or a stack overflow on deep nesting: msgpackr reports it its own way.
    return NOT_READ;
  } finally {
    source = EMPTY;
    view = undefined;
  }
}

function readValue(): unknown {
  if (position >= end) throw GIVE_UP;
  const token = source[position++]!;
  if (token < 0x80) return token;
  if (token < 0x90) return readMap(token - 0x80);
  if (token < 0xa0) return readArray(token - 0x90);
  if (token < 0xc0) return readAscii(token - 0xa0);
  if (token >= 0xe0) return token - 0x100;
  switch (token) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return readBytes(readUint8());
    case 0xc5:
      return readBytes(readUint16());
    case 0xc6:
      return readBytes(readUint32());
    case 0xca:
      return dataView().getFloat32(advance(4));
    case 0xcb:
      return dataView().getFloat64(advance(8));
    case 0xcc:
      return readUint8();
    case 0xcd:
      return readUint16();
    case 0xce:
      return readUint32();
    case 0xcf:
      return dataView().getBigUint64(advance(8));
    case 0xd0:
      return dataView().getInt8(advance(1));
    case 0xd1:
      return dataView().getInt16(advance(2));
    case 0xd2:
      return dataView().getInt32(advance(4));
    case 0xd3:
      return dataView().getBigInt64(advance(8));
    case 0xd4:
      // fixext 1 of type 0 is undefined; every other extension (handles included) is msgpackr's.
      if (readUint8() !== 0) throw GIVE_UP;
      advance(1);
      return undefined;
    case 0xd9:
      return readAscii(readUint8());
    case 0xda:
      return readAscii(readUint16());
    case 0xdb:
      return readAscii(readUint32());
    case 0xdc:
      return readArray(readUint16());
    case 0xdd:
      return readArray(readUint32());
    case 0xde:
      return readMap(readUint16());
    case 0xdf:
      return readMap(readUint32());
    default:
      throw GIVE_UP;
  }
}

/** Claims `count` bytes and returns where they start. */
function advance(count: number): number {
  const at = position;
  if (end - at < count) throw GIVE_UP;
  position = at + count;
  return at;
}

function readUint8(): number {
  return source[advance(1)]!;
}

function readUint16(): number {
  const at = advance(2);
  return (source[at]! << 8) | source[at + 1]!;
}

function readUint32(): number {
  const at = advance(4);
  return source[at]! * 0x100_0000 + ((source[at + 1]! << 16) | (source[at + 2]! << 8) | source[at + 3]!);
}

function dataView(): DataView {
  view ??= new DataView(source.buffer, source.byteOffset, source.byteLength);
  return view;
}

/** A byte string: a view into the source, as msgpackr returns it (`copyBuffers` off). */
function readBytes(length: number): Uint8Array {
  const at = advance(length);
  return source.subarray(at, at + length);
}

/** A string of ASCII bytes only (msgpackr decodes anything else, malformed UTF-8 included). */
function readAscii(length: number): string {
  const at = advance(length);
  const stop = at + length;
  let text = "";
  for (let i = at; i < stop; i++) {
    const code = source[i]!;
    if (code >= 0x80) throw GIVE_UP;
    text += String.fromCharCode(code);
  }
  return text;
}

function readArray(length: number): unknown[] {
  // Every item takes at least a byte: a longer count is msgpackr's to report.
  if (length > end - position) throw GIVE_UP;
  const array = new Array<unknown>(length);
  for (let i = 0; i < length; i++) array[i] = readValue();
  return array;
}

function readMap(size: number): Record<string, unknown> {
  if (size > (end - position) / 2) throw GIVE_UP;
  const keys = new Array<string>(size);
  const values = new Array<unknown>(size);
  for (let i = 0; i < size; i++) {
    const token = source[position];
    // msgpackr converts keys that are not strings, and renames "__proto__".
    let key: string;
    if (token !== undefined && token >= 0xa0 && token < 0xc0) {
      position++;
      key = readKey(token - 0xa0);
    } else if (token === 0xd9) {
      key = readValue() as string;
    } else {
      throw GIVE_UP;
    }
    if (key === "__proto__") throw GIVE_UP;
    keys[i] = key;
    values[i] = readValue();
  }
  return buildObject(keys, values);
}

/**
 * Keys repeat from message to message, so short ones come from a cache: a string built afresh
 * must be hashed and interned again before it can name a property, which is most of the cost.
 */
const KEY_CACHE_SIZE = 1024;
const keyCache: Array<{ bytes: Uint8Array; text: string } | undefined> = new Array(KEY_CACHE_SIZE);

function readKey(length: number): string {
  const at = position;
  if (length === 0 || length > 24 || end - at < length) return readAscii(length);
  const slot = ((length << 7) ^ (source[at]! << 3) ^ (source[at + (length >> 1)]! << 5) ^ source[at + length - 1]!) & (KEY_CACHE_SIZE - 1);
  const cached = keyCache[slot];
  if (cached !== undefined && cached.bytes.length === length && sameBytes(cached.bytes, at)) {
    position = at + length;
    return cached.text;
  }
  const text = readAscii(length);
  keyCache[slot] = { bytes: new Uint8Array(source.subarray(at, at + length)), text };
  return text;
}

function sameBytes(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== source[at + i]) return false;
  return true;
}
