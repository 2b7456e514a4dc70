// Benchmark payloads: the 16-byte echo and the largest echo that fits one FIDL message.

/** A Zircon channel message's limit, header included. */
export const FIDL_MAX_MESSAGE_BYTES = 65_536;
/** The FIDL transactional header's size. */
export const FIDL_HEADER_BYTES = 16;

/**
 * The largest N such that a FIDL Echo request `{ value: Uint8Array(N) }`, encoded by `encodeBody`
 * (the fidl-ws msgpackr body codec), plus the 16-byte header fits in 65,536 bytes.
 */
export function largestEchoPayload(encodeBody: (body: { value: Uint8Array }) => Uint8Array): number {
  const budget = FIDL_MAX_MESSAGE_BYTES - FIDL_HEADER_BYTES;
  const fits = (n: number): boolean => encodeBody({ value: new Uint8Array(n) }).byteLength <= budget;
  if (!fits(0)) throw new Error("an empty Echo request does not fit one FIDL message");
  // The encoded length grows with N, so binary search for the last N that fits.
  let low = 0;
  let high = budget;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** A deterministic, non-constant payload of `length` bytes (so no layer can shortcut zeros). */
export function makePayload(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    // xorshift32: cheap and spreads every byte value.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** True if `a` and `b` hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
