// Queue: asyncio.Queue for JavaScript — bounded, closable, drained with `for await`, every wait
// cancellable with an AbortSignal.
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import { abortable } from "./abort.ts";
import { Waiters } from "./waiters.ts";

/** Options for the waiting operations of {@link Queue}. */
export interface QueueWaitOptions {
  /** Abort the wait: it rejects with ZX_ERR_CANCELED (or the signal's ZxError reason). */
  signal?: AbortSignal;
}

/**
 * A FIFO queue between tasks. `put` waits while the queue is full, `get` while it is empty.
 * `close()` ends it: later `put`s fail with ZX_ERR_BAD_STATE, items already queued can still be
 * taken, then `get` fails with ZX_ERR_PEER_CLOSED (like a channel whose peer closed) and
 * `for await` ends. `taskDone()`/`join()` count unfinished items as asyncio's Queue does.
 */
export class Queue<T> implements AsyncIterable<T> {
  /** Most items held at once (`Infinity` for unbounded). */
  readonly capacity: number;
  readonly #items: T[] = [];
  #head = 0;
  readonly #getters = new Waiters<T>();
  /** Parked `put` calls in arrival order; `tryGet` moves the oldest one's item in when room opens. */
  readonly #putters = new Set<{ item: T; resolve(): void; reject(error: unknown): void }>();
  readonly #joiners = new Waiters<void>();
  #unfinished = 0;
  #closed = false;

  /** Throws ZX_ERR_INVALID_ARGS unless `capacity` is a positive integer or `Infinity`. */
  constructor(capacity = Number.POSITIVE_INFINITY) {
    if (!(capacity === Number.POSITIVE_INFINITY || (Number.isInteger(capacity) && capacity > 0))) {
      throw new ZxError(ZxStatus.INVALID_ARGS, `Queue capacity must be a positive integer or Infinity, got ${capacity}`);
    }
    this.capacity = capacity;
  }

  /** Items queued now. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** True if no item is queued. */
  get empty(): boolean {
    return this.size === 0;
  }

  /** True if `put` would wait. */
  get full(): boolean {
    return this.size >= this.capacity;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Items put and not yet marked with `taskDone()`. */
  get unfinished(): number {
    return this.#unfinished;
  }

  /**
   * Adds `item`, waiting while the queue is full. Rejects with ZX_ERR_BAD_STATE if the queue is
   * (or becomes, while waiting) closed; the item is then not queued.
   */
  put(item: T, options: QueueWaitOptions = {}): Promise<void> {
    try {
      if (this.tryPut(item)) return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
    return abortable<void>(options.signal, "Queue.put()", (resolve, reject) => {
      const putter = { item, resolve, reject };
      this.#putters.add(putter);
      return () => this.#putters.delete(putter);
    });
  }

  /** Adds `item` if there is room and returns true; false if full. Throws ZX_ERR_BAD_STATE if closed. */
  tryPut(item: T): boolean {
    if (this.#closed) throw new ZxError(ZxStatus.BAD_STATE, "Queue.put() on a closed queue");
    // Earlier `put`s still waiting go first, so a full queue stays first come, first served.
    if (this.full || this.#putters.size > 0) return false;
    this.#unfinished++;
    // A waiting getter takes the item directly: the queue never holds it.
    if (!this.#getters.wakeOne(item)) this.#items.push(item);
    return true;
  }

  /**
   * Removes and returns the oldest item, waiting while the queue is empty. Once the queue is
   * closed and drained, rejects with ZX_ERR_PEER_CLOSED.
   */
  get(options: QueueWaitOptions = {}): Promise<T> {
    const taken = this.tryGet();
    if (taken !== undefined) return Promise.resolve(taken.value);
    if (this.#closed) return Promise.reject(this.#drainedError());
    return this.#getters.wait(options.signal, "Queue.get()");
  }

  /** Removes the oldest item and returns it as `{ value }`, or `undefined` if the queue is empty. */
  tryGet(): { value: T } | undefined {
    if (this.size === 0) return undefined;
    const value = this.#items[this.#head] as T;
    this.#items[this.#head++] = undefined as T;
    if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    // Room for one more: the oldest waiting `put` gets it.
    for (const putter of this.#putters) {
      this.#putters.delete(putter);
      this.#items.push(putter.item);
      this.#unfinished++;
      putter.resolve();
      break;
    }
    return { value };
  }

  /** Marks one item taken with `get` as processed (asyncio's `task_done`). Throws ZX_ERR_BAD_STATE if none is unfinished. */
  taskDone(): void {
    if (this.#unfinished === 0) throw new ZxError(ZxStatus.BAD_STATE, "Queue.taskDone() called more times than items were put");
    if (--this.#unfinished === 0) this.#joiners.wakeAll();
  }

  /** Resolves once every item put has been marked with `taskDone()` (asyncio's `join`). */
  join(options: QueueWaitOptions = {}): Promise<void> {
    if (this.#unfinished === 0) return Promise.resolve();
    return this.#joiners.wait(options.signal, "Queue.join()");
  }

  /**
   * Closes the queue: waiting `put`s fail with ZX_ERR_BAD_STATE, waiting `get`s (the queue is
   * empty if any wait) with ZX_ERR_PEER_CLOSED; queued items stay readable. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const putters = [...this.#putters];
    this.#putters.clear();
    for (const putter of putters) putter.reject(new ZxError(ZxStatus.BAD_STATE, "Queue.put() on a closed queue"));
    this.#getters.rejectAll(this.#drainedError());
  }

  /** Yields items until the queue is closed and drained; `signal` aborts the iteration with its error. */
  async *values(options: QueueWaitOptions = {}): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const taken = this.tryGet();
      if (taken !== undefined) {
        yield taken.value;
        continue;
      }
      if (this.#closed) return;
      try {
        yield await this.#getters.wait(options.signal, "Queue iteration");
      } catch (error) {
        if (ZxError.is(error, ZxStatus.PEER_CLOSED) && this.#closed) return;
        throw error;
      }
    }
  }

  /** `for await (const item of queue)` takes items until the queue is closed and drained. */
  [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    return this.values();
  }

  #drainedError(): ZxError {
    return new ZxError(ZxStatus.PEER_CLOSED, "Queue.get() on a closed, drained queue");
  }
}
