// Tests for Semaphore: a bounded number of holders, FIFO hand-over, bounded release, cancellation.
import { describe, expect, it } from "vitest";
import { Semaphore } from "../../src/toolkit/semaphore.ts";
import { sleep } from "../../src/toolkit/sleep.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections, nextTurn, rejectionOf, thrownBy, within } from "./helpers.ts";

expectNoUnhandledRejections();

describe("Semaphore", () => {
  it("admits at most `value` holders at once", async () => {
    const semaphore = new Semaphore(2);
    let inside = 0;
    let most = 0;
    const job = () =>
      semaphore.with(async () => {
        most = Math.max(most, ++inside);
        await sleep(2);
        inside--;
      });
    await within(Promise.all(Array.from({ length: 6 }, job)));
    expect(most).toBe(2);
    expect(semaphore.available).toBe(2);
  });

  it("hands a released permit to the oldest waiter, not to a newcomer", async () => {
    const semaphore = new Semaphore(1);
    const first = await semaphore.acquire();
    const order: string[] = [];
    const waiting = semaphore.acquire().then((p) => {
      order.push("waiter");
      return p;
    });
    await nextTurn();
    expect(semaphore.waiting).toBe(1);
    first.release();
    expect(semaphore.tryAcquire()).toBe(false);
    (await within(waiting)).release();
    expect(order).toEqual(["waiter"]);
    expect(semaphore.available).toBe(1);
  });

  it("throws ZX_ERR_BAD_STATE on a release beyond its value when bounded (the default)", () => {
    const error = thrownBy(() => new Semaphore(2).release());
    expect((error as ZxError).message).toBe("[ZX_ERR_BAD_STATE] Semaphore.release() without a matching acquire()");
  });

  it("grows past its value when unbounded, as asyncio.Semaphore", async () => {
    const semaphore = new Semaphore(0, { bounded: false });
    const waiting = semaphore.acquire();
    semaphore.release();
    await within(waiting);
    semaphore.release();
    expect(semaphore.available).toBe(1);
  });

  it("cancels a waiting acquire() with the signal's ZxError reason", async () => {
    const semaphore = new Semaphore(0);
    const reason = new ZxError(ZxStatus.CANCELED, 'task "t" cancelled');
    const controller = new AbortController();
    const waiting = semaphore.acquire({ signal: controller.signal });
    controller.abort(reason);
    expect(await rejectionOf(waiting)).toBe(reason);
    expect(semaphore.waiting).toBe(0);
  });

  it("rejects a negative or fractional value with ZX_ERR_INVALID_ARGS", () => {
    const error = thrownBy(() => new Semaphore(-1));
    expect((error as ZxError).message).toBe("[ZX_ERR_INVALID_ARGS] Semaphore value must be a non-negative integer, got -1");
    expect(ZxError.is(thrownBy(() => new Semaphore(0.5)), ZxStatus.INVALID_ARGS)).toBe(true);
  });
});
