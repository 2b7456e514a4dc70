// A bound on any await (asyncio.wait_for without the cancellation): so a test or script that
// waits on a device fails fast, naming what hung, instead of hanging.
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";

/**
 * Settles like `promise`, or rejects with ZxError(TIMED_OUT) "`what` did not settle within `ms`
 * ms" if it has not settled by then. The timer never outlives the race. `promise` itself is not
 * cancelled (pass an AbortSignal to the operation for that).
 */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, what = "the operation"): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ZxError(ZxStatus.TIMED_OUT, `${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
