// Tests for Event: set wakes every waiter, clear re-arms, waits are cancellable.
import { describe, expect, it } from "vitest";
import { Event } from "../../src/toolkit/event.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections, nextTurn, rejectionOf, within } from "./helpers.ts";

expectNoUnhandledRejections();

describe("Event", () => {
  it("wakes every waiter on set()", async () => {
    const event = new Event();
    const woken: number[] = [];
    const waiters = [1, 2, 3].map((n) => event.wait().then(() => woken.push(n)));
    await nextTurn();
    expect(woken).toEqual([]);
    event.set();
    await within(Promise.all(waiters));
    expect(woken).toEqual([1, 2, 3]);
    expect(event.isSet).toBe(true);
  });

  it("resolves wait() at once while set, and blocks again after clear()", async () => {
    const event = new Event();
    event.set();
    await within(event.wait(), 50);
    event.clear();
    expect(event.isSet).toBe(false);
    let woke = false;
    const waiting = event.wait().then(() => (woke = true));
    await nextTurn();
    expect(woke).toBe(false);
    event.set();
    await within(waiting);
  });

  it("cancels a wait through its signal with ZX_ERR_CANCELED", async () => {
    const event = new Event();
    const controller = new AbortController();
    const waiting = event.wait({ signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(waiting);
    expect(ZxError.is(error, ZxStatus.CANCELED)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_CANCELED] Event.wait() was cancelled");
    event.set();
  });
});
