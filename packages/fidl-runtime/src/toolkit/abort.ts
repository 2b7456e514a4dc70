// Turns AbortSignal reasons into ZxErrors, so every cancelled or timed-out wait in the toolkit
// fails with a zx status (CANCELED / TIMED_OUT) a caller can switch on.
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";

/**
 * The error an operation aborted by `signal` rejects with. A ZxError reason (what
 * {@link Task.cancel} uses) is passed through unchanged so the task can recognise its own
 * cancellation; `AbortSignal.timeout()` becomes TIMED_OUT; anything else becomes CANCELED with
 * the reason as `cause`.
 */
export function abortError(signal: AbortSignal, what: string): ZxError {
  const reason: unknown = signal.reason;
  if (reason instanceof ZxError) return reason;
  if (isDomError(reason, "TimeoutError")) return new ZxError(ZxStatus.TIMED_OUT, `${what} timed out`, { cause: reason });
  return new ZxError(ZxStatus.CANCELED, `${what} was cancelled`, { cause: reason });
}

/**
 * True if `error` is what an operation throws when `signal` aborts it: the signal's own reason,
 * a ZxError CANCELED, or a DOM `AbortError` (Node's timers and fetch throw those).
 */
export function isCancellation(error: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  return error === signal.reason || ZxError.is(error, ZxStatus.CANCELED) || isDomError(error, "AbortError");
}

/**
 * Runs `start` and settles with it, unless `signal` aborts first: then rejects with
 * {@link abortError} and calls `onAbort` so the caller can withdraw its waiter.
 */
export function abortable<T>(
  signal: AbortSignal | undefined,
  what: string,
  start: (resolve: (value: T) => void, reject: (error: unknown) => void) => () => void,
): Promise<T> {
  if (signal?.aborted) return Promise.reject(abortError(signal, what));
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let withdraw: (() => void) | undefined;
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      withdraw?.();
      reject(abortError(signal!, what));
    };
    // Listen before starting so the listener is always removed, even when `start` settles at once.
    signal?.addEventListener("abort", onAbort, { once: true });
    const settle =
      <A>(fn: (arg: A) => void) =>
      (arg: A): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        fn(arg);
      };
    withdraw = start(settle(resolve), settle(reject));
  });
}

function isDomError(value: unknown, name: string): boolean {
  return typeof value === "object" && value !== null && (value as { name?: unknown }).name === name;
}
