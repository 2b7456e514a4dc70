// Event: asyncio.Event — a flag tasks can wait on; setting it wakes every waiter.
import { Waiters } from "./waiters.ts";

/** Options for {@link Event.wait}. */
export interface EventWaitOptions {
  /** Abort the wait: it rejects with ZX_ERR_CANCELED (or the signal's ZxError reason). */
  signal?: AbortSignal;
}

/**
 * A flag, initially clear. `wait()` resolves at once if it is set, otherwise when `set()` is next
 * called; `clear()` makes later waits block again. (Shadows the DOM `Event` in modules that
 * import it; import it under another name if you need both.)
 */
export class Event {
  readonly #waiters = new Waiters<void>();
  #set = false;

  /** True while the flag is set. */
  get isSet(): boolean {
    return this.#set;
  }

  /** Sets the flag and wakes every waiter. */
  set(): void {
    this.#set = true;
    this.#waiters.wakeAll();
  }

  /** Clears the flag. */
  clear(): void {
    this.#set = false;
  }

  /** Resolves once the flag is set. */
  wait(options: EventWaitOptions = {}): Promise<void> {
    if (this.#set) return Promise.resolve();
    return this.#waiters.wait(options.signal, "Event.wait()");
  }
}
