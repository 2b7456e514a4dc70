// Semaphore: asyncio.Semaphore — a count of permits; acquiring waits (first come, first served)
// while none is free. Lock is the one-permit case.
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import { Waiters } from "./waiters.ts";

/** Options for {@link Semaphore.acquire}. */
export interface AcquireOptions {
  /** Abort the wait: it rejects with ZX_ERR_CANCELED (or the signal's ZxError reason). */
  signal?: AbortSignal;
}

/**
 * One acquired permit: `release()` it (once) or let `using` do it —
 * `using permit = await semaphore.acquire();`.
 */
export interface Permit extends Disposable {
  /** Gives the permit back. A second call does nothing. */
  release(): void;
}

/** Options for {@link Semaphore}. */
export interface SemaphoreOptions {
  /**
   * Refuse to release more permits than were acquired (ZX_ERR_BAD_STATE), as asyncio's
   * BoundedSemaphore. Default true; false gives asyncio's Semaphore, whose count can grow.
   */
  bounded?: boolean;
  /** Shown in error messages; default "Semaphore". */
  name?: string;
}

/**
 * `value` permits shared by tasks. `acquire()` takes one, waiting in arrival order while none is
 * free; `release()` gives one back, handing it straight to the oldest waiter. By default it is
 * bounded: releasing more than were acquired fails with ZX_ERR_BAD_STATE (asyncio's
 * BoundedSemaphore), because a mismatched release is a bug worth hearing about.
 */
export class Semaphore {
  /** The number of permits this semaphore was created with. */
  readonly limit: number;
  readonly #waiters = new Waiters<void>();
  #available: number;
  readonly #kind: string;
  readonly #bounded: boolean;

  /** Throws ZX_ERR_INVALID_ARGS unless `value` is a non-negative integer. */
  constructor(value: number, options: SemaphoreOptions = {}) {
    const kind = options.name ?? "Semaphore";
    if (!Number.isInteger(value) || value < 0) {
      throw new ZxError(ZxStatus.INVALID_ARGS, `${kind} value must be a non-negative integer, got ${value}`);
    }
    this.limit = value;
    this.#available = value;
    this.#kind = kind;
    this.#bounded = options.bounded ?? true;
  }

  /** Permits free right now. */
  get available(): number {
    return this.#available;
  }

  /** Callers waiting for a permit. */
  get waiting(): number {
    return this.#waiters.size;
  }

  /** Takes a permit, waiting while none is free. */
  async acquire(options: AcquireOptions = {}): Promise<Permit> {
    if (!this.tryAcquire()) await this.#waiters.wait(options.signal, `${this.#kind}.acquire()`);
    return this.#permit();
  }

  /** Takes a permit if one is free now (and nobody is queued before us); returns whether it did. */
  tryAcquire(): boolean {
    if (this.#available === 0 || this.#waiters.size > 0) return false;
    this.#available--;
    return true;
  }

  /** Gives a permit back. Bounded: throws ZX_ERR_BAD_STATE if every permit is already free. */
  release(): void {
    if (this.#bounded && this.#available >= this.limit) {
      throw new ZxError(ZxStatus.BAD_STATE, `${this.#kind}.release() without a matching acquire()`);
    }
    // Hand the permit straight to the oldest waiter, so a newcomer cannot barge in.
    if (!this.#waiters.wakeOne()) this.#available++;
  }

  /** Runs `fn` holding a permit and releases it however `fn` ends. */
  async with<R>(fn: () => Promise<R> | R, options: AcquireOptions = {}): Promise<R> {
    using _permit = await this.acquire(options);
    return await fn();
  }

  #permit(): Permit {
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      this.release();
    };
    return { release, [Symbol.dispose]: release };
  }
}
