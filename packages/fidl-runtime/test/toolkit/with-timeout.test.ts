// withTimeout: a bound on any await.
import { describe, expect, it } from "vitest";
import { withTimeout } from "../../src/toolkit/with-timeout.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";

describe("withTimeout", () => {
  it("settles like the promise when it settles in time", async () => {
    expect(await withTimeout(Promise.resolve(7), 1_000)).toBe(7);
    await expect(withTimeout(Promise.reject(new RangeError("no")), 1_000)).rejects.toThrow("no");
  });

  it("rejects with TIMED_OUT naming what did not settle", async () => {
    const error = await withTimeout(new Promise(() => {}), 20, "the echo").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZxError);
    expect((error as ZxError).status).toBe(ZxStatus.TIMED_OUT);
    expect((error as ZxError).message).toBe("[ZX_ERR_TIMED_OUT] the echo did not settle within 20 ms");
  });
});
