// Lock: asyncio.Lock — mutual exclusion between tasks, first come, first served.
import { type AcquireOptions, type Permit, Semaphore } from "./semaphore.ts";

/**
 * A mutex for tasks: `acquire()` waits until the lock is free; `release()` or the returned
 * permit frees it (`using held = await lock.acquire();`). Releasing an unlocked lock fails with
 * ZX_ERR_BAD_STATE, as asyncio raises RuntimeError.
 */
export class Lock {
  readonly #semaphore = new Semaphore(1, { name: "Lock" });

  /** True while some task holds the lock. */
  get locked(): boolean {
    return this.#semaphore.available === 0;
  }

  /** Takes the lock, waiting while another task holds it. */
  acquire(options: AcquireOptions = {}): Promise<Permit> {
    return this.#semaphore.acquire(options);
  }

  /** Takes the lock if it is free now; returns whether it did. */
  tryAcquire(): boolean {
    return this.#semaphore.tryAcquire();
  }

  /** Frees the lock. Throws ZX_ERR_BAD_STATE if it is not held. */
  release(): void {
    this.#semaphore.release();
  }

  /** Runs `fn` holding the lock and frees it however `fn` ends. */
  with<R>(fn: () => Promise<R> | R, options: AcquireOptions = {}): Promise<R> {
    return this.#semaphore.with(fn, options);
  }
}
