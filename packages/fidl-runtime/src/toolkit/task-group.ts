// TaskGroup: structured concurrency. Every task it spawns is held until the group closes; closing
// cancels what still runs, waits for it, and reports every failure — nothing outlives its owner
// and nothing fails silently (the doc's "tie the task's lifetime to what needs it").
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import { startOwnedTask, subscribeToTask, Task, type TaskFunction } from "./task.ts";

/** Options for {@link TaskGroup}. */
export interface TaskGroupOptions {
  /** Shown in errors, e.g. `TaskGroup "servers": 2 tasks failed`. */
  name?: string;
  /**
   * Called with each failed task instead of collecting its error for `close()`. A hook that
   * throws has its own error collected, so that failure is not lost either.
   */
  onError?: (error: unknown, task: Task<unknown>) => void;
  /** Cancel every other task as soon as one fails, as Python's `asyncio.TaskGroup`. Default false. */
  failFast?: boolean;
  /**
   * Upper bound for `close()` to wait for cancelled tasks that ignore their signal; past it,
   * `close()` rejects with ZX_ERR_TIMED_OUT naming them. Default: wait as long as it takes.
   */
  closeTimeoutMs?: number;
}

/** Options for {@link TaskGroup.spawn}. */
export interface SpawnOptions {
  /** Shown in logs and errors; defaults to `task-N`. */
  name?: string;
}

/**
 * Holds every task it spawns. `close()` (or leaving an `await using` block) cancels the tasks
 * still running through their AbortSignals, waits for all of them, then rejects with the failure
 * of any task that failed (an AggregateError for several) unless `onError` took it.
 *
 * ```ts
 * await using group = new TaskGroup({ name: "echo" });
 * group.spawn((signal) => server.serve(signal), { name: "serve" });
 * // ... when the block exits, the server task is cancelled and awaited.
 * ```
 */
export class TaskGroup implements AsyncDisposable {
  /** The group's name, for messages. */
  readonly name: string;
  readonly #options: TaskGroupOptions;
  readonly #running = new Set<Task<unknown>>();
  readonly #errors: unknown[] = [];
  readonly #idleWaiters = new Set<() => void>();
  #closed = false;
  /** `close()` has returned: a failure arriving later has nobody to report it to. */
  #reportedFinal = false;

  constructor(options: TaskGroupOptions = {}) {
    this.name = options.name ?? "TaskGroup";
    this.#options = options;
  }

  /** Tasks spawned and not yet done. */
  get running(): ReadonlySet<Task<unknown>> {
    return this.#running;
  }

  /** True once `close()` was called: the group spawns no more tasks. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Starts `fn` as a task held by this group. Throws ZX_ERR_BAD_STATE once the group is closed
   * (a task spawned then would outlive its owner).
   */
  spawn<T>(fn: TaskFunction<T>, options: SpawnOptions = {}): Task<T> {
    if (this.#closed) {
      const what = options.name === undefined ? "a task" : `task "${options.name}"`;
      throw new ZxError(ZxStatus.BAD_STATE, `${this.#label()} is closed; cannot spawn ${what}`);
    }
    const task = startOwnedTask(fn, options.name);
    const held = task as Task<unknown>;
    this.#running.add(held);
    subscribeToTask(held, () => this.#finished(held));
    return task;
  }

  /** Cancels every running task without closing the group. Returns how many were asked to stop. */
  cancelAll(reason?: string): number {
    let count = 0;
    for (const task of this.#running) if (task.cancel(reason)) count++;
    return count;
  }

  /**
   * Waits until no task is running (tasks spawned meanwhile included) without cancelling any —
   * what leaving Python's `async with asyncio.TaskGroup()` does — then reports failures as
   * `close()` does. The group stays open.
   */
  async join(): Promise<void> {
    await this.#idle();
    this.#throwCollected();
  }

  /**
   * Closes the group: no more spawns, cancels the tasks still running (reason: "task group
   * closed"), waits for them all, then rejects with the collected failure (one error as is,
   * several as an AggregateError) unless `onError` took them. Each failure is reported once; one
   * arriving after `close()` returned (a task that outlived `closeTimeoutMs`) goes to
   * {@link Task.onUnretrievedFailure}.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.cancelAll(`${this.#label()} closed`);
    const timeoutMs = this.#options.closeTimeoutMs;
    if (timeoutMs === undefined || this.#running.size === 0) {
      await this.#idle();
    } else {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const outcome = await Promise.race([this.#idle(), timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        const names = [...this.#running].map((task) => `"${task.name}"`).join(", ");
        this.#errors.push(
          new ZxError(ZxStatus.TIMED_OUT, `${this.#label()} close: ${this.#running.size} task(s) ignored cancellation for ${timeoutMs} ms: ${names}`),
        );
      }
    }
    this.#reportedFinal = true;
    this.#throwCollected();
  }

  /** `await using group = new TaskGroup()` closes the group when the block exits. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #finished(task: Task<unknown>): void {
    this.#running.delete(task);
    if (task.state === "rejected") {
      const error = task.exception();
      const onError = this.#options.onError;
      if (onError === undefined) {
        if (this.#reportedFinal) Task.onUnretrievedFailure(task, error);
        else this.#errors.push(error);
      } else {
        try {
          onError(error, task);
        } catch (hookError) {
          if (this.#reportedFinal) Task.onUnretrievedFailure(task, hookError);
          else this.#errors.push(hookError);
        }
      }
      if (this.#options.failFast === true) this.cancelAll(`task "${task.name}" of ${this.#label()} failed`);
    }
    if (this.#running.size === 0) {
      const waiters = [...this.#idleWaiters];
      this.#idleWaiters.clear();
      for (const wake of waiters) wake();
    }
  }

  #idle(): Promise<void> {
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.add(resolve));
  }

  #throwCollected(): void {
    const errors = this.#errors.splice(0);
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${this.#label()}: ${errors.length} tasks failed`);
  }

  #label(): string {
    return this.name === "TaskGroup" ? "TaskGroup" : `TaskGroup "${this.name}"`;
  }
}
