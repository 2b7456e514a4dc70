// Shared test helpers for the toolkit: bounded awaits, a recording logger, and a guard that
// fails the file if anything produced an unhandled rejection.
import { afterAll, afterEach, expect } from "vitest";
import type { ToolkitLogger } from "../../src/toolkit/logger.ts";
import { nextTurn } from "../support/bounded.ts";

export { nextTurn, rejectionOf, within } from "../support/bounded.ts";

/** The error `fn` throws; fails if it returns. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw, got a return");
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
