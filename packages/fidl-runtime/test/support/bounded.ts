// Bounded awaits for tests: a hang fails fast, naming how long it waited, instead of hanging the suite.
import { withTimeout } from "../../src/toolkit/with-timeout.ts";

/** Resolves like `promise`, or rejects with TIMED_OUT after `ms`. */
export function within<T>(promise: PromiseLike<T>, ms = 5_000): Promise<T> {
  return withTimeout(promise, ms);
}

/** The error `promise` rejects with (bounded); fails if it fulfils. */
export async function rejectionOf(promise: PromiseLike<unknown>, ms = 5_000): Promise<unknown> {
  try {
    await within(promise, ms);
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, got a value");
}

/** Resolves after the current macrotask and everything it queued (channels deliver in microtasks). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
