import { describe, expect, it } from "vitest";
import { ZxError, ZxStatus, isKnownStatus, statusName } from "../../src/zx/index.ts";

describe("ZxStatus", () => {
  it("has the real values of fidl-facts.md", () => {
    expect(ZxStatus.OK).toBe(0);
    expect(ZxStatus.PEER_CLOSED).toBe(-24);
    expect(ZxStatus.OUT_OF_RANGE).toBe(-14);
    expect(ZxStatus.TIMED_OUT).toBe(-21);
    expect(ZxStatus.CANCELED).toBe(-23);
    expect(ZxStatus.NOT_SUPPORTED).toBe(-2);
    expect(ZxStatus.CONNECTION_ABORTED).toBe(-76);
    expect(Object.keys(ZxStatus)).toHaveLength(46);
  });

  it("prints names the way Zircon does", () => {
    expect(statusName(0)).toBe("ZX_OK");
    expect(statusName(-24)).toBe("ZX_ERR_PEER_CLOSED");
    expect(statusName(-99)).toBe("ZX_STATUS(-99)");
    expect(isKnownStatus(-99)).toBe(false);
    expect(isKnownStatus(-2)).toBe(true);
  });
});

describe("ZxError", () => {
  it("starts its message with the status name and keeps the cause", () => {
    const cause = new Error("socket reset");
    const error = new ZxError(ZxStatus.PEER_CLOSED, "channel closed by peer", { cause });
    expect(error.message).toBe("[ZX_ERR_PEER_CLOSED] channel closed by peer");
    expect(error.status).toBe(-24);
    expect(error.statusName).toBe("ZX_ERR_PEER_CLOSED");
    expect(error.cause).toBe(cause);
    expect(ZxError.is(error, ZxStatus.PEER_CLOSED)).toBe(true);
    expect(ZxError.is(error, ZxStatus.CANCELED)).toBe(false);
    expect(ZxError.is(new Error("x"))).toBe(false);
  });
});
