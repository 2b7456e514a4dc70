// The async toolkit: the practices of "Best practices on using async Python in Fuchsia
// Controller" as library features — tasks and task groups, wait(), exception logging, a stall
// detector, cancellable sync primitives, and a synchronous facade over a worker thread.
export { abortError } from "./abort.ts";
export { type ToolkitLogger, describeError } from "./logger.ts";
export { sleep, sleepSync, type SleepOptions } from "./sleep.ts";
export { Task, type TaskState, type TaskFunction, type TaskOptions, type UnretrievedFailureReporter } from "./task.ts";
export { TaskGroup, type TaskGroupOptions, type SpawnOptions } from "./task-group.ts";
export { wait, type ReturnWhen, type WaitOptions, type WaitResult } from "./wait.ts";
export { withTimeout } from "./with-timeout.ts";
export { logException, serveLogged, type Servable, type ServeLoggedOptions } from "./log-exception.ts";
export { StallDetector, detectStalls, type Stall, type StallDetectorOptions } from "./stall-detector.ts";
export { Queue, type QueueWaitOptions } from "./queue.ts";
export { Event, type EventWaitOptions } from "./event.ts";
export { Lock } from "./lock.ts";
export { Semaphore, type SemaphoreOptions, type AcquireOptions, type Permit } from "./semaphore.ts";
export {
  SyncFacade,
  SyncWorker,
  type SyncFacadeControl,
  type SyncWorkerOptions,
  type Synchronous,
  type SyncMethodName,
  type SyncArgs,
  type SyncResult,
} from "./sync/facade.ts";
