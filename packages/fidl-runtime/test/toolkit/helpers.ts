// Shared test helpers for the toolkit: bounded awaits, a recording logger, and a guard that
// fails the file if anything produced an unhandled rejection.
import { afterAll, afterEach, expect } from "vitest";
import type { ToolkitLogger } from "../../src/toolkit/logger.ts";
import { withTimeout } from "../../src/toolkit/with-timeout.ts";

/** Resolves like `promise`, or rejects after `ms` so a hang fails fast. */
export function within<T>(promise: PromiseLike<T>, ms = 5_000): Promise<T> {
  return withTimeout(promise, ms);
}

/** The error `promise` rejects with (bounded); fails if it fulfils. */
export async function rejectionOf(promise: Promise<unknown>, ms = 5_000): Promise<unknown> {
  try {
    await within(promise, ms);
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, got a value");
}

/** The error `fn` throws; fails if it returns. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw, got a return");
}

/** Resolves after the current macrotask and everything it queued. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A logger that records what it was given. */
export function recordingLogger(): ToolkitLogger & { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  return { errors, warnings, error: (m) => void errors.push(m), warn: (m) => void warnings.push(m) };
}

/**
 * Registers a process `unhandledRejection` listener for this test file and asserts, after each
 * test (and the file), that nothing was reported.
 */
export function expectNoUnhandledRejections(): void {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on("unhandledRejection", listener);
  afterEach(async () => {
    await nextTurn();
    expect(seen).toEqual([]);
  });
  afterAll(() => {
    process.off("unhandledRejection", listener);
  });
}
