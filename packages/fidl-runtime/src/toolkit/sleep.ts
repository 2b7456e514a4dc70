// Sleeping the right way and the wrong way: `sleep` yields to the event loop (asyncio.sleep),
// `sleepSync` blocks the whole thread (time.sleep) — the pitfall the stall detector catches.
import { abortable } from "./abort.ts";

/** Options for {@link sleep}. */
export interface SleepOptions {
  /** Abort the sleep: it rejects with ZX_ERR_CANCELED (or the signal's ZxError reason). */
  signal?: AbortSignal;
}

/** Resolves after `ms` milliseconds, letting other tasks run meanwhile (like `asyncio.sleep`). */
export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  return abortable<void>(options.signal, "sleep", (resolve) => {
    const timer = setTimeout(resolve, ms);
    return () => clearTimeout(timer);
  });
}

/**
 * Blocks the calling thread for `ms` milliseconds, like Python's `time.sleep`: no timer, no
 * promise, no I/O runs meanwhile. Use it only to demonstrate the pitfall, or in a worker.
 */
export function sleepSync(ms: number): void {
  // Atomics.wait on a private buffer nobody notifies: a real block, not a busy loop.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
