// Which masking key a client frame carries.
//
// RFC 6455 masks client frames so that script-chosen bytes cannot pose as HTTP to a proxy
// between browser and server and poison its cache. On a loopback address nothing sits between
// the two processes, so there a frame may carry the all-zero key, which RFC 6455 allows: its
// payload goes out as it is and the server skips unmasking. A link to a loopback host writes
// every frame that way itself (socket-frame.ts; `randomMask` turns it off). Frames ws masks for
// a relay that forwards what it receives (the `fidl-ws trace` proxy's upstream) get their key
// from a LoopbackMasker: ws masks with any other key into a new buffer (it never mutates what it
// is given), a 64 KiB allocation, copy and XOR for a full message, so large frames carry the zero
// key; a small frame keeps a random key, because ws then writes header and masked payload as one
// pooled buffer with one call, where a zero key would make it two pieces and a `writev` (about
// 1,700 more instructions per message in user space and kernel). Any other address keeps ws's
// random keys for every frame.
import { Buffer } from "node:buffer";
import { randomFillSync } from "node:crypto";

/** ws's `generateMask` hook: fills the 4-byte key of one frame. */
export type MaskGenerator = (mask: Buffer) => void;

/**
 * Frames from this size up carry the zero key: below it ws would copy the masked frame into a
 * slice of Node's shared buffer pool (allocations of up to half the pool come from it), above
 * it into a buffer of its own.
 */
export const ZERO_MASK_MIN_BYTES = Buffer.poolSize >>> 1;

/** Random bytes for keys, shared by every socket and refilled when used up (as ws does). */
const randomPool = Buffer.alloc(8 * 1024);
let randomPoolAt = randomPool.length;

/** Picks each frame's key from the size of the frame about to be sent. One per socket. */
export class LoopbackMasker {
  /** Bytes of the next frame; the link sets it right before it hands a frame to ws. */
  nextFrameBytes = 0;

  /** ws's `generateMask` (ws calls it synchronously inside `send`). */
  readonly generateMask: MaskGenerator = (mask) => {
    if (this.nextFrameBytes >= ZERO_MASK_MIN_BYTES) {
      mask[0] = mask[1] = mask[2] = mask[3] = 0;
      return;
    }
    if (randomPoolAt === randomPool.length) {
      randomFillSync(randomPool);
      randomPoolAt = 0;
    }
    const at = randomPoolAt;
    mask[0] = randomPool[at]!;
    mask[1] = randomPool[at + 1]!;
    mask[2] = randomPool[at + 2]!;
    mask[3] = randomPool[at + 3]!;
    randomPoolAt = at + 4;
  };
}

/** A masker for a client socket to `url`: one on a loopback host, otherwise `undefined` (ws's own random keys). */
export function loopbackMaskerFor(url: URL): LoopbackMasker | undefined {
  return isLoopbackHost(url.hostname) ? new LoopbackMasker() : undefined;
}

/** True for `localhost`, 127.0.0.0/8 and `[::1]`, as a parsed URL spells them. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
