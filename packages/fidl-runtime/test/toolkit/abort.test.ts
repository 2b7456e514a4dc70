// Tests for abortError/isCancellation: which zx status an aborted wait fails with.
import { describe, expect, it } from "vitest";
import { abortError, isCancellation } from "../../src/toolkit/abort.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections } from "./helpers.ts";

expectNoUnhandledRejections();

describe("abortError", () => {
  it("passes a ZxError reason through unchanged", () => {
    const reason = new ZxError(ZxStatus.CANCELED, 'task "x" cancelled');
    expect(abortError(AbortSignal.abort(reason), "Queue.get()")).toBe(reason);
  });

  it("maps a TimeoutError reason to ZX_ERR_TIMED_OUT", () => {
    const reason = new DOMException("timed out", "TimeoutError");
    const error = abortError(AbortSignal.abort(reason), "Lock.acquire()");
    expect(error.status).toBe(ZxStatus.TIMED_OUT);
    expect(error.message).toBe("[ZX_ERR_TIMED_OUT] Lock.acquire() timed out");
    expect(error.cause).toBe(reason);
  });

  it("maps any other reason to ZX_ERR_CANCELED with the reason as cause", () => {
    const error = abortError(AbortSignal.abort("user pressed ^C"), "Event.wait()");
    expect(error.status).toBe(ZxStatus.CANCELED);
    expect(error.message).toBe("[ZX_ERR_CANCELED] Event.wait() was cancelled");
    expect(error.cause).toBe("user pressed ^C");
  });
});

describe("isCancellation", () => {
  it("recognises the signal's reason, a ZX_ERR_CANCELED and an AbortError once aborted", () => {
    const signal = AbortSignal.abort("stop");
    expect(isCancellation("stop", signal)).toBe(true);
    expect(isCancellation(new ZxError(ZxStatus.CANCELED, "x"), signal)).toBe(true);
    expect(isCancellation(new DOMException("aborted", "AbortError"), signal)).toBe(true);
    expect(isCancellation(new Error("other"), signal)).toBe(false);
  });

  it("never calls anything a cancellation while the signal is not aborted", () => {
    const signal = new AbortController().signal;
    expect(isCancellation(new ZxError(ZxStatus.CANCELED, "x"), signal)).toBe(false);
  });
});
