// A FIFO of parked promises, shared by Queue, Event, Lock and Semaphore: each waiter can be
// withdrawn by its AbortSignal without disturbing the others.
import { abortable } from "./abort.ts";

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Parked callers waiting for a value of type `T`, woken in arrival order. */
export class Waiters<T> {
  // A Set keeps insertion order and deletes in O(1) when a waiter is aborted.
  readonly #waiters = new Set<Waiter<T>>();

  /** Number of parked callers. */
  get size(): number {
    return this.#waiters.size;
  }

  /** Parks a caller until {@link wakeOne}/{@link wakeAll}/{@link rejectAll} or `signal` aborts. */
  wait(signal: AbortSignal | undefined, what: string): Promise<T> {
    return abortable<T>(signal, what, (resolve, reject) => {
      const waiter: Waiter<T> = { resolve, reject };
      this.#waiters.add(waiter);
      return () => this.#waiters.delete(waiter);
    });
  }

  /** Hands `value` to the oldest waiter; false if nobody was waiting. */
  wakeOne(value: T): boolean {
    for (const waiter of this.#waiters) {
      this.#waiters.delete(waiter);
      waiter.resolve(value);
      return true;
    }
    return false;
  }

  /** Hands `value` to every waiter. */
  wakeAll(value: T): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const waiter of waiters) waiter.resolve(value);
  }

  /** Fails every waiter with `error`. */
  rejectAll(error: unknown): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const waiter of waiters) waiter.reject(error);
  }
}
