// Tests for wait(): asyncio.wait's return conditions, timeout and cancellation.
import { describe, expect, it } from "vitest";
import { sleep } from "../../src/toolkit/sleep.ts";
import { Task } from "../../src/toolkit/task.ts";
import { wait } from "../../src/toolkit/wait.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections, rejectionOf, within } from "./helpers.ts";

expectNoUnhandledRejections();

/** A task that resolves with `value` after `ms`, cancellable. */
function after<T>(ms: number, value: T, name: string): Task<T> {
  return Task.run(
    async (signal) => {
      await sleep(ms, { signal });
      return value;
    },
    { name },
  );
}

/** A task that fails with `message` after `ms`. */
function failAfter(ms: number, message: string, name: string): Task<never> {
  const task = Task.run(
    async (signal) => {
      await sleep(ms, { signal });
      throw new Error(message);
    },
    { name },
  );
  task.onDone(() => {}); // the test inspects it through wait()
  return task;
}

const names = (tasks: Set<Task<unknown>>): string[] => [...tasks].map((t) => t.name).sort();

describe("wait", () => {
  it("returns on the first completion with first-completed, leaving the rest pending", async () => {
    const fast = after(1, "fast", "fast");
    const slow = after(10_000, "slow", "slow");
    const { done, pending } = await within(wait([fast, slow], { returnWhen: "first-completed" }));
    expect(names(done)).toEqual(["fast"]);
    expect(names(pending)).toEqual(["slow"]);
    expect([...done].map((t) => t.result())).toEqual(["fast"]);
    expect(slow.done).toBe(false);
    slow.cancel();
  });

  it("waits for every task with all-completed (the default)", async () => {
    const a = after(1, 1, "a");
    const b = after(5, 2, "b");
    const c = failAfter(3, "c failed", "c");
    const { done, pending } = await within(wait([a, b, c]));
    expect(names(done)).toEqual(["a", "b", "c"]);
    expect(pending.size).toBe(0);
    expect(c.state).toBe("rejected");
  });

  it("returns on the first failure with first-exception", async () => {
    const ok = Task.run(async () => "ok", { name: "ok" });
    const bad = failAfter(5, "bad", "bad");
    const slow = after(10_000, "slow", "slow");
    const { done, pending } = await within(wait([bad, slow, ok], { returnWhen: "first-exception" }));
    expect(names(done)).toEqual(["bad", "ok"]);
    expect(names(pending)).toEqual(["slow"]);
    slow.cancel();
  });

  it("behaves as all-completed under first-exception when nothing fails", async () => {
    const a = after(1, "a", "a");
    const b = after(4, "b", "b");
    const { done, pending } = await within(wait([a, b], { returnWhen: "first-exception" }));
    expect(names(done)).toEqual(["a", "b"]);
    expect(pending.size).toBe(0);
  });

  it("does not count a cancelled task as an exception", async () => {
    const cancelled = Task.run((signal) => sleep(10_000, { signal }), { name: "cancelled" });
    const slow = after(20, "slow", "slow");
    cancelled.cancel();
    const { done, pending } = await within(wait([cancelled, slow], { returnWhen: "first-exception" }));
    expect(names(done)).toEqual(["cancelled", "slow"]);
    expect(pending.size).toBe(0);
  });

  it("returns what is done when the timeout passes, without cancelling the rest", async () => {
    const fast = after(1, "fast", "fast");
    const slow = after(10_000, "slow", "slow");
    const started = performance.now();
    const { done, pending } = await within(wait([fast, slow], { timeoutMs: 30 }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(names(done)).toEqual(["fast"]);
    expect(names(pending)).toEqual(["slow"]);
    expect(slow.cancelRequested).toBe(false);
    slow.cancel();
  });

  it("returns at once when the condition already holds", async () => {
    const done1 = after(0, "x", "x");
    await within(done1.promise);
    const result = await within(wait([done1], { returnWhen: "first-completed" }), 50);
    expect(names(result.done)).toEqual(["x"]);
  });

  it("rejects an empty list with ZX_ERR_INVALID_ARGS", async () => {
    const error = await rejectionOf(wait([]));
    expect(ZxError.is(error, ZxStatus.INVALID_ARGS)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_INVALID_ARGS] wait() needs at least one task");
  });

  it("rejects with ZX_ERR_CANCELED when its signal aborts, leaving the tasks alone", async () => {
    const slow = after(10_000, "slow", "slow");
    const controller = new AbortController();
    const waiting = wait([slow], { signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(waiting);
    expect(ZxError.is(error, ZxStatus.CANCELED)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_CANCELED] wait() was cancelled");
    expect(slow.done).toBe(false);
    slow.cancel();
  });

  it("can be called in a select-like loop until every task is collected", async () => {
    let pending = new Set([after(3, "c", "c"), after(1, "a", "a"), after(2, "b", "b")]);
    const collected: string[] = [];
    while (pending.size > 0) {
      const result = await within(wait(pending, { returnWhen: "first-completed" }));
      for (const task of result.done) collected.push(task.result());
      pending = result.pending;
    }
    expect(collected.sort()).toEqual(["a", "b", "c"]);
  });
});
