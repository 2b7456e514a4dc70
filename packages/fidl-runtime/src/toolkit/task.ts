// Task: a handle on one running async function, shaped like an asyncio Task (done, result(),
// exception(), cancel()), cancelled cooperatively through the AbortSignal it was started with.
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import { isCancellation } from "./abort.ts";
import { describeError } from "./logger.ts";

/** Where a task is in its life. `cancelled` means it stopped because {@link Task.cancel} asked it to. */
export type TaskState = "pending" | "fulfilled" | "rejected" | "cancelled";

/** The body of a task: it receives the task's AbortSignal and should stop when it aborts. */
export type TaskFunction<T> = (signal: AbortSignal) => Promise<T> | T;

/** Options for {@link Task.run}. */
export interface TaskOptions {
  /** Shown in logs and errors; defaults to `task-N`. */
  name?: string;
}

/** Reports the failure of a task whose outcome nobody retrieved; see {@link Task.onUnretrievedFailure}. */
export type UnretrievedFailureReporter = (task: Task<unknown>, error: unknown) => void;

/**
 * Starts a task whose failures an owner (a TaskGroup) reports, so it is never reported as
 * unretrieved. Toolkit-internal.
 */
export let startOwnedTask: <T>(fn: TaskFunction<T>, name: string | undefined) => Task<T>;

/**
 * Calls `listener` once `task` is done without taking responsibility for its outcome; returns
 * an unsubscribe function (so `wait()` in a loop does not pile up listeners). Toolkit-internal.
 */
export let subscribeToTask: (task: Task<unknown>, listener: () => void) => () => void;

let nextTaskNumber = 1;

/**
 * A running async function. Unlike a bare promise, a Task can be inspected synchronously
 * (`done`, `state`, `result()`, `exception()`) and cancelled (`cancel()` aborts the signal the
 * function received; the function decides when to stop, so the task stays pending until it does).
 *
 * A Task's rejection is never an unhandled rejection: its owner reports it — a {@link TaskGroup},
 * a {@link logException} callback, or whoever retrieves it (`promise`, `result()`,
 * `exception()`, `onDone()`). If nobody has by the end of the event-loop turn in which the task
 * failed, {@link Task.onUnretrievedFailure} reports it (asyncio's "Task exception was never
 * retrieved"), so a failure is never silently lost.
 */
export class Task<T = unknown> {
  /**
   * Called for a failed task nobody took responsibility for. Defaults to `console.error` with the
   * task's name and the error's stack; replace it to route such failures elsewhere.
   */
  static onUnretrievedFailure: UnretrievedFailureReporter = (task, error) => {
    console.error(`Task "${task.name}" failed and nothing retrieved its exception: ${describeError(error)}`);
  };

  /** The name given at start, or `task-N`. */
  readonly name: string;
  readonly #controller = new AbortController();
  readonly #promise: Promise<T>;
  #state: TaskState = "pending";
  #value: T | undefined;
  #error: unknown;
  /** Someone took responsibility for the outcome (an owner, a callback, a reader). */
  #retrieved: boolean;
  readonly #listeners = new Set<() => void>();

  private constructor(fn: TaskFunction<T>, name: string | undefined, owned: boolean) {
    this.name = name ?? `task-${nextTaskNumber++}`;
    this.#retrieved = owned;
    const signal = this.#controller.signal;
    let running: Promise<T>;
    try {
      running = Promise.resolve(fn(signal));
    } catch (error) {
      running = Promise.reject(error);
    }
    this.#promise = running.then(
      (value) => {
        this.#settle("fulfilled", value, undefined);
        return value;
      },
      (error: unknown) => {
        this.#settle(isCancellation(error, signal) ? "cancelled" : "rejected", undefined, error);
        throw error;
      },
    );
    // Observed here so it is never an unhandled rejection; reporting is the owner's job.
    this.#promise.catch(() => {});
  }

  /** Starts `fn` now (it runs synchronously up to its first `await`) and returns its handle. */
  static run<T>(fn: TaskFunction<T>, options: TaskOptions = {}): Task<T> {
    return new Task(fn, options.name, false);
  }

  /** The task's outcome as a promise: resolves with its value, rejects with its error or cancellation. */
  get promise(): Promise<T> {
    this.#retrieved = true;
    return this.#promise;
  }

  /** The signal the task's function received; aborted by {@link cancel}. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Where the task is in its life. */
  get state(): TaskState {
    return this.#state;
  }

  /** True once the task fulfilled, failed or was cancelled. */
  get done(): boolean {
    return this.#state !== "pending";
  }

  /** True if the task stopped because it was cancelled. */
  get cancelled(): boolean {
    return this.#state === "cancelled";
  }

  /** True once {@link cancel} was called on a pending task (the task may still be running). */
  get cancelRequested(): boolean {
    return this.#controller.signal.aborted;
  }

  /**
   * The task's value. Throws ZX_ERR_BAD_STATE if it is not done, its error if it failed, and its
   * cancellation error (ZX_ERR_CANCELED) if it was cancelled — as asyncio's `Task.result()`.
   */
  result(): T {
    this.#requireDone("result()");
    this.#retrieved = true;
    if (this.#state === "fulfilled") return this.#value as T;
    throw this.#error;
  }

  /**
   * The task's error, or `undefined` if it fulfilled. Throws ZX_ERR_BAD_STATE if it is not done
   * and its cancellation error if it was cancelled — as asyncio's `Task.exception()`.
   */
  exception(): unknown {
    this.#requireDone("exception()");
    this.#retrieved = true;
    if (this.#state === "cancelled") throw this.#error;
    return this.#state === "rejected" ? this.#error : undefined;
  }

  /**
   * Asks the task to stop: aborts its signal with a ZxError(CANCELED) naming the task and
   * `reason`. Returns false if the task is already done. The task becomes `cancelled` when its
   * function stops by throwing that cancellation; if it returns a value or throws something
   * else instead, that is its outcome.
   */
  cancel(reason?: string): boolean {
    if (this.done) return false;
    if (!this.#controller.signal.aborted) {
      const message = reason === undefined ? `task "${this.name}" cancelled` : `task "${this.name}" cancelled: ${reason}`;
      this.#controller.abort(new ZxError(ZxStatus.CANCELED, message));
    }
    return true;
  }

  /**
   * Calls `callback` once the task is done (at once, in a microtask, if it already is) — asyncio's
   * `add_done_callback`. Registering a callback takes responsibility for reporting a failure.
   * An exception thrown by the callback is rethrown as an uncaught exception, as EventTarget does.
   */
  onDone(callback: (task: Task<T>) => void): void {
    this.#retrieved = true;
    this.#subscribe(() => {
      try {
        callback(this);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    });
  }

  #subscribe(listener: () => void): () => void {
    if (this.done) {
      queueMicrotask(listener);
      return () => {};
    }
    // Wrapped so the same callback registered twice is called twice.
    const entry = (): void => listener();
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  #settle(state: TaskState, value: T | undefined, error: unknown): void {
    this.#state = state;
    this.#value = value;
    this.#error = error;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener();
    if (state === "rejected" && !this.#retrieved) {
      // Give the creator the rest of this turn to retrieve the failure before it is reported.
      setImmediate(() => {
        if (!this.#retrieved) {
          this.#retrieved = true;
          Task.onUnretrievedFailure(this as Task<unknown>, error);
        }
      });
    }
  }

  #requireDone(what: string): void {
    if (!this.done) throw new ZxError(ZxStatus.BAD_STATE, `${what} called on task "${this.name}", which is not done`);
  }

  static {
    startOwnedTask = (fn, name) => new Task(fn, name, true);
    subscribeToTask = (task, listener) => task.#subscribe(listener);
  }
}
