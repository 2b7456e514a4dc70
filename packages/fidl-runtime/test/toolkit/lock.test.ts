// Tests for Lock: mutual exclusion, FIFO hand-over, `using` permits, cancellation.
import { describe, expect, it } from "vitest";
import { Lock } from "../../src/toolkit/lock.ts";
import { sleep } from "../../src/toolkit/sleep.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections, rejectionOf, thrownBy, within } from "./helpers.ts";

expectNoUnhandledRejections();

describe("Lock", () => {
  it("lets one task in at a time, in arrival order", async () => {
    const lock = new Lock();
    const log: string[] = [];
    const worker = (name: string) =>
      lock.with(async () => {
        log.push(`${name} in`);
        await sleep(2);
        log.push(`${name} out`);
      });
    await within(Promise.all([worker("a"), worker("b"), worker("c")]));
    expect(log).toEqual(["a in", "a out", "b in", "b out", "c in", "c out"]);
    expect(lock.locked).toBe(false);
  });

  it("releases through a `using` permit, once", async () => {
    const lock = new Lock();
    {
      using permit = await lock.acquire();
      expect(lock.locked).toBe(true);
      permit.release();
      expect(lock.locked).toBe(false);
      expect(lock.tryAcquire()).toBe(true);
    }
    // The permit's second release (by `using`) did nothing: the lock taken above is still held.
    expect(lock.locked).toBe(true);
    lock.release();
  });

  it("releases on the way out of `with` when the body throws", async () => {
    const lock = new Lock();
    const error = await rejectionOf(
      lock.with(() => {
        throw new Error("body failed");
      }),
    );
    expect((error as Error).message).toBe("body failed");
    expect(lock.locked).toBe(false);
  });

  it("throws ZX_ERR_BAD_STATE when releasing an unlocked lock", () => {
    const error = thrownBy(() => new Lock().release());
    expect(ZxError.is(error, ZxStatus.BAD_STATE)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_BAD_STATE] Lock.release() without a matching acquire()");
  });

  it("cancels a waiting acquire() and hands the lock to the next waiter", async () => {
    const lock = new Lock();
    const held = await lock.acquire();
    const controller = new AbortController();
    const cancelled = lock.acquire({ signal: controller.signal });
    const next = lock.acquire();
    controller.abort();
    const error = await rejectionOf(cancelled);
    expect((error as ZxError).message).toBe("[ZX_ERR_CANCELED] Lock.acquire() was cancelled");
    held.release();
    const permit = await within(next);
    expect(lock.locked).toBe(true);
    permit.release();
    expect(lock.locked).toBe(false);
  });

  it("refuses tryAcquire() while held", async () => {
    const lock = new Lock();
    expect(lock.tryAcquire()).toBe(true);
    expect(lock.tryAcquire()).toBe(false);
    lock.release();
  });
});
