// wait(): asyncio.wait for Tasks — returns once the first task completes, the first fails, or all
// are done (or the timeout passes), as `{ done, pending }`, without cancelling anything.
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import { abortable } from "./abort.ts";
import { subscribeToTask, type Task } from "./task.ts";

/** When {@link wait} returns, as asyncio's `FIRST_COMPLETED`, `FIRST_EXCEPTION`, `ALL_COMPLETED`. */
export type ReturnWhen = "first-completed" | "first-exception" | "all-completed";

/** Options for {@link wait}. */
export interface WaitOptions {
  /** Default `"all-completed"`. `"first-exception"` ignores cancelled tasks, as asyncio does. */
  returnWhen?: ReturnWhen;
  /** Return after this many milliseconds with whatever is done by then (nothing is cancelled). */
  timeoutMs?: number;
  /** Abort the wait: it rejects with ZX_ERR_CANCELED (tasks are not touched). */
  signal?: AbortSignal;
}

/** What {@link wait} returns: the tasks that are done and those still pending. */
export interface WaitResult<T extends Task<unknown>> {
  done: Set<T>;
  pending: Set<T>;
}

/**
 * Waits for `tasks` as `asyncio.wait` does and splits them into `done` and `pending`. Pending
 * tasks are not cancelled, and a timeout is not an error: it returns what is done by then.
 * Rejects with ZX_ERR_INVALID_ARGS for an empty list (as asyncio raises ValueError).
 */
export function wait<T extends Task<unknown>>(tasks: Iterable<T>, options: WaitOptions = {}): Promise<WaitResult<T>> {
  const all = new Set(tasks);
  const returnWhen = options.returnWhen ?? "all-completed";
  if (all.size === 0) return Promise.reject(new ZxError(ZxStatus.INVALID_ARGS, "wait() needs at least one task"));
  const split = (): WaitResult<T> => {
    const done = new Set<T>();
    const pending = new Set<T>();
    for (const task of all) (task.done ? done : pending).add(task);
    return { done, pending };
  };
  const satisfied = (): boolean => {
    let doneCount = 0;
    for (const task of all) {
      if (!task.done) continue;
      doneCount++;
      if (returnWhen === "first-completed") return true;
      if (returnWhen === "first-exception" && task.state === "rejected") return true;
    }
    return doneCount === all.size;
  };
  if (satisfied()) return Promise.resolve(split());
  return abortable<WaitResult<T>>(options.signal, "wait()", (resolve) => {
    const unsubscribes: Array<() => void> = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      for (const unsubscribe of unsubscribes) unsubscribe();
      resolve(split());
    };
    for (const task of all) {
      if (task.done) continue;
      unsubscribes.push(
        subscribeToTask(task, () => {
          if (satisfied()) finish();
        }),
      );
    }
    if (options.timeoutMs !== undefined) timer = setTimeout(finish, options.timeoutMs);
    return () => {
      clearTimeout(timer);
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  });
}
