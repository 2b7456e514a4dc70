// The doc's `log_exception` done-callback, and `serveLogged`, which runs a FIDL server's serve()
// as a task with that callback attached — so a server that dies says why instead of leaving the
// peer with nothing but PEER_CLOSED.
import { describeError, type ToolkitLogger } from "./logger.ts";
import { Task } from "./task.ts";
import type { TaskGroup } from "./task-group.ts";

/**
 * Logs `task`'s failure, with its name and the error's stack, through `logger.error` once the
 * task is done (cancellation is not a failure and is not logged). Returns the task. This is the
 * doc's `task.add_done_callback(log_exception)`; it takes responsibility for reporting the failure.
 */
export function logException<T>(task: Task<T>, logger: ToolkitLogger = console): Task<T> {
  task.onDone((finished) => {
    if (finished.state === "rejected") logger.error(`Task "${finished.name}" failed: ${describeError(finished.exception())}`);
  });
  return task;
}

/** Anything with a `serve()` that runs until it is done: generated FIDL servers and event handlers. */
export interface Servable {
  /** Serves until the peer closes (resolves) or a handler fails (rejects). May honour `signal`. */
  serve(signal?: AbortSignal): Promise<unknown>;
}

/** Options for {@link serveLogged}. */
export interface ServeLoggedOptions {
  /** Where the failure is logged; default `console`. */
  logger?: ToolkitLogger;
  /** Task name; default `<ClassName>.serve()`. */
  name?: string;
  /**
   * Spawn the task in this group, so its lifetime is tied to the group's. The failure is then
   * both logged and reported by the group's `close()`.
   */
  group?: TaskGroup;
}

/**
 * Runs `server.serve(signal)` as a task and attaches {@link logException}, so a handler that
 * throws is logged with its stack the moment the server stops. Returns the task: keep it (or
 * pass a `group`) and cancel or close it when its owner goes away.
 */
export function serveLogged(server: Servable, options: ServeLoggedOptions = {}): Task<unknown> {
  const name = options.name ?? `${server.constructor.name}.serve()`;
  const serve = (signal: AbortSignal): Promise<unknown> => server.serve(signal);
  const task = options.group === undefined ? Task.run(serve, { name }) : options.group.spawn(serve, { name });
  return logException(task, options.logger);
}
