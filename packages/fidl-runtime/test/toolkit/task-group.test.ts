// Tests for TaskGroup: tasks held until close, cancelled through their signals, failures reported.
import { describe, expect, it } from "vitest";
import { sleep } from "../../src/toolkit/sleep.ts";
import { Task } from "../../src/toolkit/task.ts";
import { TaskGroup } from "../../src/toolkit/task-group.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections, nextTurn, rejectionOf, thrownBy, within } from "./helpers.ts";

expectNoUnhandledRejections();

/** A task body that runs until its signal aborts, recording that it stopped. */
function untilCancelled(log: string[], name: string) {
  return async (signal: AbortSignal): Promise<void> => {
    try {
      await sleep(10_000, { signal });
    } finally {
      log.push(`${name} stopped`);
    }
  };
}

describe("TaskGroup", () => {
  it("holds every spawned task until it finishes", async () => {
    const group = new TaskGroup();
    const a = group.spawn(async () => "a", { name: "a" });
    const b = group.spawn((signal) => sleep(10_000, { signal }), { name: "b" });
    expect([...group.running].map((t) => t.name)).toEqual(["a", "b"]);
    await within(a.promise);
    await nextTurn();
    expect([...group.running]).toEqual([b]);
    await within(group.close());
  });

  it("cancels the running tasks on close() and waits for them to stop", async () => {
    const log: string[] = [];
    const group = new TaskGroup({ name: "servers" });
    const a = group.spawn(untilCancelled(log, "a"), { name: "a" });
    const b = group.spawn(untilCancelled(log, "b"), { name: "b" });
    await within(group.close());
    expect(log.sort()).toEqual(["a stopped", "b stopped"]);
    expect(a.state).toBe("cancelled");
    expect(b.state).toBe("cancelled");
    expect((thrownBy(() => a.result()) as ZxError).message).toBe(
      '[ZX_ERR_CANCELED] task "a" cancelled: TaskGroup "servers" closed',
    );
    expect(group.running.size).toBe(0);
  });

  it("closes at the end of an `await using` block", async () => {
    const log: string[] = [];
    let task: Task<void> | undefined;
    {
      await using group = new TaskGroup();
      task = group.spawn(untilCancelled(log, "server"));
    }
    expect(log).toEqual(["server stopped"]);
    expect(task.cancelled).toBe(true);
  });

  it("rejects close() with the failure of the one task that failed", async () => {
    const group = new TaskGroup();
    const failure = new ZxError(ZxStatus.PEER_CLOSED, "device went away");
    group.spawn(async () => {
      throw failure;
    });
    group.spawn(async () => "fine");
    expect(await rejectionOf(group.close())).toBe(failure);
  });

  it("rejects close() with an AggregateError when several tasks failed", async () => {
    const group = new TaskGroup({ name: "pair" });
    const first = new Error("first");
    const second = new Error("second");
    group.spawn(async () => {
      throw first;
    });
    group.spawn(async () => {
      await sleep(1);
      throw second;
    });
    await sleep(10);
    const error = await rejectionOf(group.close());
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).message).toBe('TaskGroup "pair": 2 tasks failed');
    expect((error as AggregateError).errors).toEqual([first, second]);
  });

  it("reports each failure once: a second close() resolves", async () => {
    const group = new TaskGroup();
    group.spawn(async () => {
      throw new Error("once");
    });
    await rejectionOf(group.close());
    await within(group.close());
  });

  it("does not count a cancellation as a failure", async () => {
    const group = new TaskGroup();
    group.spawn((signal) => sleep(10_000, { signal }));
    await within(group.close());
  });

  it("hands failures to onError instead of close()", async () => {
    const seen: Array<[string, string]> = [];
    const group = new TaskGroup({ onError: (error, task) => void seen.push([task.name, (error as Error).message]) });
    group.spawn(
      async () => {
        throw new Error("handled");
      },
      { name: "worker" },
    );
    await within(group.close());
    expect(seen).toEqual([["worker", "handled"]]);
  });

  it("collects the error of an onError hook that throws", async () => {
    const hookFailure = new Error("hook broke");
    const group = new TaskGroup({
      onError: () => {
        throw hookFailure;
      },
    });
    group.spawn(async () => {
      throw new Error("task broke");
    });
    expect(await rejectionOf(group.close())).toBe(hookFailure);
  });

  it("cancels the siblings of a failed task with failFast", async () => {
    const log: string[] = [];
    const group = new TaskGroup({ failFast: true, name: "ff" });
    const sibling = group.spawn(untilCancelled(log, "sibling"), { name: "sibling" });
    group.spawn(
      async () => {
        await sleep(1);
        throw new Error("boom");
      },
      { name: "bad" },
    );
    await rejectionOf(sibling.promise);
    expect(sibling.state).toBe("cancelled");
    expect((thrownBy(() => sibling.result()) as ZxError).message).toBe(
      '[ZX_ERR_CANCELED] task "sibling" cancelled: task "bad" of TaskGroup "ff" failed',
    );
    expect(((await rejectionOf(group.close())) as Error).message).toBe("boom");
  });

  it("keeps siblings running after a failure without failFast", async () => {
    const group = new TaskGroup();
    const sibling = group.spawn((signal) => sleep(10_000, { signal }));
    group.spawn(async () => {
      throw new Error("boom");
    });
    await sleep(5);
    expect(sibling.done).toBe(false);
    await rejectionOf(group.close());
  });

  it("refuses to spawn once closed, with ZX_ERR_BAD_STATE", async () => {
    const group = new TaskGroup({ name: "done" });
    await within(group.close());
    expect(group.closed).toBe(true);
    const error = thrownBy(() => group.spawn(async () => 1, { name: "late" }));
    expect(ZxError.is(error, ZxStatus.BAD_STATE)).toBe(true);
    expect((error as ZxError).message).toBe('[ZX_ERR_BAD_STATE] TaskGroup "done" is closed; cannot spawn task "late"');
  });

  it("waits for every task, including ones spawned meanwhile, on join()", async () => {
    const group = new TaskGroup();
    const order: string[] = [];
    group.spawn(async () => {
      await sleep(5);
      order.push("first");
      group.spawn(async () => {
        await sleep(5);
        order.push("second");
      });
    });
    await within(group.join());
    expect(order).toEqual(["first", "second"]);
    expect(group.closed).toBe(false);
    await within(group.close());
  });

  it("rejects join() with failures and does not cancel anything", async () => {
    const group = new TaskGroup();
    const slow = group.spawn(async () => {
      await sleep(10);
      return "slow";
    });
    group.spawn(async () => {
      throw new Error("fast failure");
    });
    expect(((await rejectionOf(group.join())) as Error).message).toBe("fast failure");
    expect(slow.result()).toBe("slow");
    await within(group.close());
  });

  it("rejects close() with ZX_ERR_TIMED_OUT naming tasks that ignore cancellation past closeTimeoutMs", async () => {
    const group = new TaskGroup({ closeTimeoutMs: 20 });
    let finish!: () => void;
    const stubborn = group.spawn(() => new Promise<void>((resolve) => (finish = resolve)), { name: "stubborn" });
    const error = await rejectionOf(group.close());
    expect(ZxError.is(error, ZxStatus.TIMED_OUT)).toBe(true);
    expect((error as ZxError).message).toBe('[ZX_ERR_TIMED_OUT] TaskGroup close: 1 task(s) ignored cancellation for 20 ms: "stubborn"');
    finish();
    await within(stubborn.promise);
  });

  it("reports a failure arriving after close() returned through Task.onUnretrievedFailure", async () => {
    const reported: string[] = [];
    const previous = Task.onUnretrievedFailure;
    Task.onUnretrievedFailure = (task, error) => void reported.push(`${task.name}: ${(error as Error).message}`);
    try {
      const group = new TaskGroup({ closeTimeoutMs: 10 });
      let fail!: () => void;
      group.spawn(() => new Promise<void>((_, reject) => (fail = () => reject(new Error("too late")))), { name: "late" });
      await rejectionOf(group.close());
      fail();
      await nextTurn();
      expect(reported).toEqual(["late: too late"]);
    } finally {
      Task.onUnretrievedFailure = previous;
    }
  });

  it("does not report group-owned failures as unretrieved", async () => {
    const reported: string[] = [];
    const previous = Task.onUnretrievedFailure;
    Task.onUnretrievedFailure = (task) => void reported.push(task.name);
    try {
      const group = new TaskGroup();
      group.spawn(async () => {
        throw new Error("owned");
      });
      await nextTurn();
      await nextTurn();
      expect(reported).toEqual([]);
      await rejectionOf(group.close());
    } finally {
      Task.onUnretrievedFailure = previous;
    }
  });

  it("cancels running tasks with cancelAll() and keeps the group open", async () => {
    const group = new TaskGroup();
    const a = group.spawn((signal) => sleep(10_000, { signal }));
    const b = group.spawn((signal) => sleep(10_000, { signal }));
    expect(group.cancelAll("reset")).toBe(2);
    await rejectionOf(a.promise);
    await rejectionOf(b.promise);
    expect(group.closed).toBe(false);
    group.spawn(async () => "still works");
    await within(group.close());
  });
});
