// Tests for sleep (yields, cancellable) and sleepSync (blocks the thread).
import { describe, expect, it } from "vitest";
import { sleep, sleepSync } from "../../src/toolkit/sleep.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections, rejectionOf, within } from "./helpers.ts";

expectNoUnhandledRejections();

describe("sleep", () => {
  it("lets other work run while it waits (await sleep prints HELLO)", async () => {
    const printed: string[] = [];
    const printer = (async () => {
      printed.push("HELLO");
    })();
    await within(sleep(5));
    await printer;
    expect(printed).toEqual(["HELLO"]);
  });

  it("rejects with ZX_ERR_CANCELED when aborted", async () => {
    const controller = new AbortController();
    const sleeping = sleep(10_000, { signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(sleeping);
    expect(ZxError.is(error, ZxStatus.CANCELED)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_CANCELED] sleep was cancelled");
  });

  it("rejects with ZX_ERR_TIMED_OUT when an AbortSignal.timeout fires", async () => {
    const error = await rejectionOf(sleep(10_000, { signal: AbortSignal.timeout(5) }));
    expect(ZxError.is(error, ZxStatus.TIMED_OUT)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_TIMED_OUT] sleep timed out");
  });

  it("rejects at once for an already aborted signal", async () => {
    const error = await rejectionOf(sleep(10_000, { signal: AbortSignal.abort("why") }), 50);
    expect(ZxError.is(error, ZxStatus.CANCELED)).toBe(true);
    expect((error as ZxError).cause).toBe("why");
  });
});

describe("sleepSync", () => {
  it("blocks the thread: a task scheduled before it runs only afterwards", async () => {
    const printed: string[] = [];
    const timer = setTimeout(() => printed.push("HELLO"), 0);
    const started = performance.now();
    sleepSync(50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
    expect(printed).toEqual([]);
    await within(sleep(5));
    expect(printed).toEqual(["HELLO"]);
    clearTimeout(timer);
  });
});
