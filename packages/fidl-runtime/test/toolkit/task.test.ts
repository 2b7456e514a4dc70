// Tests for Task: asyncio-style inspection, cooperative cancellation, and failure reporting.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sleep } from "../../src/toolkit/sleep.ts";
import { Task } from "../../src/toolkit/task.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections, nextTurn, rejectionOf, thrownBy, within } from "./helpers.ts";

expectNoUnhandledRejections();

let unretrieved: Array<{ name: string; error: unknown }>;
const defaultReporter = Task.onUnretrievedFailure;
beforeEach(() => {
  unretrieved = [];
  Task.onUnretrievedFailure = (task, error) => void unretrieved.push({ name: task.name, error });
});
afterEach(() => {
  Task.onUnretrievedFailure = defaultReporter;
});

describe("Task", () => {
  it("resolves with the function's value and reports done", async () => {
    const task = Task.run(async () => 42, { name: "answer" });
    expect(task.name).toBe("answer");
    expect(task.done).toBe(false);
    expect(task.state).toBe("pending");
    expect(await within(task.promise)).toBe(42);
    expect(task.done).toBe(true);
    expect(task.state).toBe("fulfilled");
    expect(task.result()).toBe(42);
    expect(task.exception()).toBeUndefined();
  });

  it("runs the function synchronously up to its first await", () => {
    const steps: string[] = [];
    const task = Task.run(async () => {
      steps.push("started");
      await sleep(1);
    });
    steps.push("returned");
    expect(steps).toEqual(["started", "returned"]);
    task.cancel();
  });

  it("names unnamed tasks task-N", () => {
    const task = Task.run(() => 1);
    expect(task.name).toMatch(/^task-\d+$/);
  });

  it("throws ZX_ERR_BAD_STATE from result() and exception() while pending", () => {
    const task = Task.run((signal) => sleep(10_000, { signal }), { name: "sleeper" });
    const error = thrownBy(() => task.result());
    expect(ZxError.is(error, ZxStatus.BAD_STATE)).toBe(true);
    expect((error as ZxError).message).toBe('[ZX_ERR_BAD_STATE] result() called on task "sleeper", which is not done');
    expect(ZxError.is(thrownBy(() => task.exception()), ZxStatus.BAD_STATE)).toBe(true);
    task.cancel();
  });

  it("rethrows the failure from result() and returns it from exception()", async () => {
    const failure = new ZxError(ZxStatus.NOT_FOUND, "no such component");
    const task = Task.run(async () => {
      throw failure;
    });
    expect(await rejectionOf(task.promise)).toBe(failure);
    expect(task.state).toBe("rejected");
    expect(thrownBy(() => task.result())).toBe(failure);
    expect(task.exception()).toBe(failure);
  });

  it("turns a synchronous throw into a rejected task", async () => {
    const task = Task.run(() => {
      throw new TypeError("bad input");
    });
    const error = await rejectionOf(task.promise);
    expect(error).toBeInstanceOf(TypeError);
    expect(task.state).toBe("rejected");
  });

  it("cancels through the signal: the task ends cancelled with ZX_ERR_CANCELED", async () => {
    let seenSignal: AbortSignal | undefined;
    const task = Task.run(
      (signal) => {
        seenSignal = signal;
        return sleep(10_000, { signal });
      },
      { name: "sleeper" },
    );
    expect(task.cancel("test over")).toBe(true);
    expect(seenSignal?.aborted).toBe(true);
    expect(task.cancelRequested).toBe(true);
    const error = await rejectionOf(task.promise);
    expect(task.state).toBe("cancelled");
    expect(task.cancelled).toBe(true);
    expect(ZxError.is(error, ZxStatus.CANCELED)).toBe(true);
    expect((error as ZxError).message).toBe('[ZX_ERR_CANCELED] task "sleeper" cancelled: test over');
    expect(thrownBy(() => task.result())).toBe(error);
    expect(thrownBy(() => task.exception())).toBe(error);
  });

  it("stays pending after cancel() until the function actually stops", async () => {
    let release!: () => void;
    const task = Task.run(() => new Promise<string>((resolve) => (release = () => resolve("finished anyway"))));
    task.cancel();
    await nextTurn();
    expect(task.state).toBe("pending");
    release();
    expect(await within(task.promise)).toBe("finished anyway");
    expect(task.state).toBe("fulfilled");
  });

  it("counts a different error thrown after cancel() as a failure, not a cancellation", async () => {
    const task = Task.run(async (signal) => {
      await sleep(10_000, { signal }).catch(() => {});
      throw new Error("cleanup failed");
    });
    task.cancel();
    await rejectionOf(task.promise);
    expect(task.state).toBe("rejected");
    expect((task.exception() as Error).message).toBe("cleanup failed");
  });

  it("treats a ZX_ERR_CANCELED from an uncancelled task as a failure", async () => {
    const task = Task.run(async () => {
      throw new ZxError(ZxStatus.CANCELED, "inner read cancelled");
    });
    await rejectionOf(task.promise);
    expect(task.state).toBe("rejected");
  });

  it("returns false from cancel() once done", async () => {
    const task = Task.run(() => "x");
    await within(task.promise);
    expect(task.cancel()).toBe(false);
    expect(task.signal.aborted).toBe(false);
  });

  it("calls onDone callbacks once done, and at once for a task already done", async () => {
    const calls: string[] = [];
    const task = Task.run(async () => "v", { name: "t" });
    task.onDone((t) => calls.push(`first:${t.state}`));
    await within(task.promise);
    task.onDone((t) => calls.push(`late:${t.result()}`));
    await nextTurn();
    expect(calls).toEqual(["first:fulfilled", "late:v"]);
  });

  it("reports a failure nobody retrieved by the end of the turn, with the task's name", async () => {
    const failure = new Error("lost?");
    Task.run(
      async () => {
        throw failure;
      },
      { name: "fire-and-forget" },
    );
    await nextTurn();
    await nextTurn();
    expect(unretrieved).toEqual([{ name: "fire-and-forget", error: failure }]);
  });

  it("does not report a failure the creator retrieved in the same turn", async () => {
    const viaPromise = Task.run(async () => {
      throw new Error("a");
    });
    const viaCallback = Task.run(async () => {
      throw new Error("b");
    });
    viaCallback.onDone(() => {});
    await rejectionOf(viaPromise.promise);
    const viaException = Task.run(async () => {
      throw new Error("c");
    });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect((viaException.exception() as Error).message).toBe("c");
    await nextTurn();
    expect(unretrieved).toEqual([]);
  });

  it("does not report a cancellation as an unretrieved failure", async () => {
    const task = Task.run((signal) => sleep(10_000, { signal }));
    task.cancel();
    await nextTurn();
    await nextTurn();
    expect(task.state).toBe("cancelled");
    expect(unretrieved).toEqual([]);
  });

  it("logs an unretrieved failure to console.error by default", async () => {
    Task.onUnretrievedFailure = defaultReporter;
    const lines: string[] = [];
    const original = console.error;
    console.error = (message: string) => void lines.push(message);
    try {
      Task.run(
        async () => {
          throw new Error("nobody looked");
        },
        { name: "orphan" },
      );
      await nextTurn();
      await nextTurn();
    } finally {
      console.error = original;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Task "orphan" failed and nothing retrieved its exception: Error: nobody looked\n\s+at /);
  });
});
