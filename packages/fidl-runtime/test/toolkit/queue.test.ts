// Tests for Queue: bounded put/get, FIFO order, close-then-drain, for await, cancellation.
import { describe, expect, it } from "vitest";
import { Queue } from "../../src/toolkit/queue.ts";
import { sleep } from "../../src/toolkit/sleep.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections, nextTurn, rejectionOf, thrownBy, within } from "./helpers.ts";

expectNoUnhandledRejections();

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("Queue", () => {
  it("hands items out in FIFO order", async () => {
    const queue = new Queue<number>();
    await queue.put(1);
    await queue.put(2);
    expect(queue.tryPut(3)).toBe(true);
    expect(queue.size).toBe(3);
    expect(await within(queue.get())).toBe(1);
    expect(queue.tryGet()).toEqual({ value: 2 });
    expect(await within(queue.get())).toBe(3);
    expect(queue.tryGet()).toBeUndefined();
    expect(queue.empty).toBe(true);
  });

  it("distinguishes a queued undefined from an empty queue in tryGet()", () => {
    const queue = new Queue<undefined>();
    queue.tryPut(undefined);
    expect(queue.tryGet()).toEqual({ value: undefined });
    expect(queue.tryGet()).toBeUndefined();
  });

  it("makes get() wait for the next put()", async () => {
    const queue = new Queue<string>();
    const getting = queue.get();
    await nextTurn();
    await queue.put("late");
    expect(await within(getting)).toBe("late");
    expect(queue.size).toBe(0);
  });

  it("makes put() wait while the queue is full, and keeps waiting puts in order", async () => {
    const queue = new Queue<string>(2);
    await queue.put("a");
    await queue.put("b");
    expect(queue.full).toBe(true);
    expect(queue.tryPut("x")).toBe(false);
    let cDone = false;
    const c = queue.put("c").then(() => (cDone = true));
    const d = queue.put("d");
    await nextTurn();
    expect(cDone).toBe(false);
    // A newcomer must not overtake the waiting puts.
    expect(queue.tryPut("e")).toBe(false);
    expect(await queue.get()).toBe("a");
    await within(c);
    expect(await queue.get()).toBe("b");
    await within(d);
    expect(await collect(drainThenClose(queue))).toEqual(["c", "d"]);
  });

  it("rejects put() on a closed queue with ZX_ERR_BAD_STATE", async () => {
    const queue = new Queue<number>();
    queue.close();
    const error = await rejectionOf(queue.put(1));
    expect(ZxError.is(error, ZxStatus.BAD_STATE)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_BAD_STATE] Queue.put() on a closed queue");
    expect(ZxError.is(thrownBy(() => queue.tryPut(1)), ZxStatus.BAD_STATE)).toBe(true);
  });

  it("fails waiting put()s with ZX_ERR_BAD_STATE when closed, without queueing their items", async () => {
    const queue = new Queue<number>(1);
    await queue.put(1);
    const waiting = queue.put(2);
    queue.close();
    expect(ZxError.is(await rejectionOf(waiting), ZxStatus.BAD_STATE)).toBe(true);
    expect(await collect(queue)).toEqual([1]);
  });

  it("drains queued items after close(), then fails get() with ZX_ERR_PEER_CLOSED", async () => {
    const queue = new Queue<number>();
    await queue.put(1);
    await queue.put(2);
    queue.close();
    expect(queue.closed).toBe(true);
    expect(await queue.get()).toBe(1);
    expect(await queue.get()).toBe(2);
    const error = await rejectionOf(queue.get());
    expect(ZxError.is(error, ZxStatus.PEER_CLOSED)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_PEER_CLOSED] Queue.get() on a closed, drained queue");
  });

  it("wakes a waiting get() with ZX_ERR_PEER_CLOSED on close()", async () => {
    const queue = new Queue<number>();
    const getting = queue.get();
    queue.close();
    expect(ZxError.is(await rejectionOf(getting), ZxStatus.PEER_CLOSED)).toBe(true);
  });

  it("ends `for await` once closed and drained", async () => {
    const queue = new Queue<number>(2);
    const consumer = collect(queue);
    for (let i = 0; i < 5; i++) await queue.put(i);
    queue.close();
    expect(await within(consumer)).toEqual([0, 1, 2, 3, 4]);
  });

  it("cancels a waiting get() through its signal and leaves the queue usable", async () => {
    const queue = new Queue<number>();
    const controller = new AbortController();
    const getting = queue.get({ signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(getting);
    expect(ZxError.is(error, ZxStatus.CANCELED)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_CANCELED] Queue.get() was cancelled");
    await queue.put(7);
    expect(queue.size).toBe(1);
    expect(await queue.get()).toBe(7);
  });

  it("cancels a waiting put() through its signal without queueing its item", async () => {
    const queue = new Queue<number>(1);
    await queue.put(1);
    const controller = new AbortController();
    const putting = queue.put(2, { signal: controller.signal });
    controller.abort();
    expect(ZxError.is(await rejectionOf(putting), ZxStatus.CANCELED)).toBe(true);
    expect(await queue.get()).toBe(1);
    expect(queue.size).toBe(0);
    expect(queue.tryPut(3)).toBe(true);
  });

  it("aborts `values({ signal })` iteration with the signal's error", async () => {
    const queue = new Queue<number>();
    const controller = new AbortController();
    await queue.put(1);
    const seen: number[] = [];
    const iterating = (async () => {
      for await (const item of queue.values({ signal: controller.signal })) seen.push(item);
    })();
    await nextTurn();
    controller.abort();
    expect(ZxError.is(await rejectionOf(iterating), ZxStatus.CANCELED)).toBe(true);
    expect(seen).toEqual([1]);
  });

  it("counts unfinished items: join() resolves after taskDone() for each", async () => {
    const queue = new Queue<string>();
    await queue.put("a");
    await queue.put("b");
    expect(queue.unfinished).toBe(2);
    let joined = false;
    const joining = queue.join().then(() => (joined = true));
    await queue.get();
    queue.taskDone();
    await nextTurn();
    expect(joined).toBe(false);
    await queue.get();
    queue.taskDone();
    await within(joining);
    expect(joined).toBe(true);
    const error = thrownBy(() => queue.taskDone());
    expect((error as ZxError).message).toBe("[ZX_ERR_BAD_STATE] Queue.taskDone() called more times than items were put");
  });

  it("rejects a capacity that is not a positive integer with ZX_ERR_INVALID_ARGS", () => {
    const error = thrownBy(() => new Queue(0));
    expect((error as ZxError).message).toBe("[ZX_ERR_INVALID_ARGS] Queue capacity must be a positive integer or Infinity, got 0");
    expect(ZxError.is(thrownBy(() => new Queue(1.5)), ZxStatus.INVALID_ARGS)).toBe(true);
  });

  it("passes items between producer and consumer tasks under back-pressure", async () => {
    const queue = new Queue<number>(3);
    const producer = (async () => {
      for (let i = 0; i < 100; i++) await queue.put(i);
      queue.close();
    })();
    const consumed: number[] = [];
    for await (const item of queue) {
      consumed.push(item);
      expect(queue.size).toBeLessThanOrEqual(3);
      if (item % 10 === 0) await sleep(0);
    }
    await within(producer);
    expect(consumed).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

/** Closes `queue` and returns it, so the rest can be collected with `for await`. */
function drainThenClose<T>(queue: Queue<T>): Queue<T> {
  queue.close();
  return queue;
}
