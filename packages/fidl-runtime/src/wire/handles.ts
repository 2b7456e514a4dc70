// Channel endpoints inside message bodies: a msgpackr extension that swaps each Channel for its
// index in the message's handle list (as FIDL puts handles out of line and a presence marker in).
import { addExtension } from "msgpackr";
import { Channel } from "../channel/channel.ts";
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";

/** msgpackr extension type for a handle reference. */
export const HANDLE_EXTENSION_TYPE = 0x46; // 'F'

// Encoding and decoding are synchronous, so one slot per direction is enough.
let encoding: Channel[] | undefined;
let decoding: { handles: readonly Channel[]; used: boolean[] } | undefined;

addExtension({
  Class: Channel,
  type: HANDLE_EXTENSION_TYPE,
  write(channel: Channel): number {
    if (encoding === undefined) throw new ZxError(ZxStatus.WRONG_TYPE, "a channel cannot be encoded here");
    if (!channel.isValid) throw new ZxError(ZxStatus.BAD_HANDLE, "a channel in the message is closed or was moved");
    encoding.push(channel);
    return encoding.length - 1;
  },
  read(index: unknown): Channel {
    if (decoding === undefined) throw new ZxError(ZxStatus.WRONG_TYPE, "a handle reference appeared outside a message");
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= decoding.handles.length) {
      throw new ZxError(ZxStatus.BAD_HANDLE, `handle reference ${String(index)} is not in the message's handles`);
    }
    if (decoding.used[index]) throw new ZxError(ZxStatus.BAD_HANDLE, `handle ${index} is referenced twice`);
    decoding.used[index] = true;
    return decoding.handles[index]!;
  },
});

/** Runs `encode`, appending every Channel it meets, in order, to `into`. */
export function collectHandles<T>(into: Channel[], encode: () => T): T {
  const outer = encoding;
  encoding = into;
  try {
    return encode();
  } finally {
    encoding = outer;
  }
}

// Decoding state for a message without handles: nothing to mark used, so one shared object does.
const NO_HANDLES_STATE: { handles: readonly Channel[]; used: boolean[] } = Object.freeze({ handles: [], used: [] }) as never;

/**
 * Runs `decode` resolving handle references against `handles`. Throws BAD_HANDLE if the body
 * refers to a handle that is not there, twice, or leaves one unreferenced.
 */
export function resolveHandles<T>(handles: readonly Channel[], decode: () => T): T {
  const outer = decoding;
  const state = handles.length === 0 ? NO_HANDLES_STATE : { handles, used: handles.map(() => false) };
  decoding = state;
  try {
    const result = decode();
    const unused = state.used.indexOf(false);
    if (unused >= 0) throw new ZxError(ZxStatus.BAD_HANDLE, `handle ${unused} is not referenced by the message body`);
    return result;
  } finally {
    decoding = outer;
  }
}
