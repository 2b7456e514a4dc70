// Small test helpers: bounded awaits and a shortcut to the fixture config.
import { fileURLToPath } from "node:url";
import { withTimeout } from "@fidl-ws/runtime";

/** The fixture config (Crasher, CallbackRunner, a component whose start throws, a broken module). */
export const FIXTURE_CONFIG = fileURLToPath(new URL("./fixtures/device-config.json", import.meta.url));

/** Rejects if `promise` has not settled within `ms` (so a hang fails fast, naming what hung). */
export function within<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return withTimeout(promise, ms, what);
}

/** The rejection of `promise` (fails if it resolves), bounded by `ms`. */
export async function rejectionOf(promise: Promise<unknown>, ms: number, what: string): Promise<unknown> {
  try {
    await within(promise, ms, what);
  } catch (error) {
    return error;
  }
  throw new Error(`${what} resolved, expected a rejection`);
}
