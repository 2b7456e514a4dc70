// Tests for the sync facade's error transfer: what survives the thread hop, and what does not.
import { describe, expect, it } from "vitest";
import { deserializeError, serializeError } from "../../src/toolkit/sync/protocol.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections } from "./helpers.ts";

expectNoUnhandledRejections();

/** Serializes, structured-clones (as postMessage does) and rebuilds. */
function roundTrip(error: unknown): Error {
  return deserializeError(structuredClone(serializeError(error)));
}

describe("serializeError / deserializeError", () => {
  it("keeps a ZxError's class, status, message, raw message and stack", () => {
    const original = new ZxError(ZxStatus.PEER_CLOSED, "channel closed by peer");
    const copy = roundTrip(original);
    expect(copy).toBeInstanceOf(ZxError);
    expect((copy as ZxError).status).toBe(-24);
    expect(copy.message).toBe("[ZX_ERR_PEER_CLOSED] channel closed by peer");
    expect((copy as ZxError).rawMessage).toBe("channel closed by peer");
    expect(copy.stack).toBe(original.stack);
  });

  it("keeps the name of a ZxError subclass", () => {
    class FidlError extends ZxError {
      override name = "FidlError";
    }
    const copy = roundTrip(new FidlError(ZxStatus.NOT_SUPPORTED, "unknown method"));
    expect(copy).toBeInstanceOf(ZxError);
    expect(copy.name).toBe("FidlError");
    expect((copy as ZxError).status).toBe(ZxStatus.NOT_SUPPORTED);
  });

  it("rebuilds built-in error classes and keeps a Node `code`", () => {
    const original = Object.assign(new TypeError("not a function"), { code: "ERR_INVALID_ARG_TYPE" });
    const copy = roundTrip(original);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe("not a function");
    expect((copy as { code?: string }).code).toBe("ERR_INVALID_ARG_TYPE");
  });

  it("rebuilds an unknown class as an Error carrying its name", () => {
    class DeviceGone extends Error {
      override name = "DeviceGone";
    }
    const copy = roundTrip(new DeviceGone("rebooted"));
    expect(copy.constructor).toBe(Error);
    expect(copy.name).toBe("DeviceGone");
    expect(copy.message).toBe("rebooted");
  });

  it("carries the cause chain", () => {
    const root = new ZxError(ZxStatus.IO, "socket reset");
    const copy = roundTrip(new Error("call failed", { cause: root }));
    expect(ZxError.is(copy.cause, ZxStatus.IO)).toBe(true);
  });

  it("describes a thrown non-Error value", () => {
    const copy = roundTrip(42);
    expect(copy.message).toBe("non-Error value thrown: 42");
  });
});
