// Unit tests of the device log's ring buffer: ordering, filters, bounded memory, drop counting.
import { describe, expect, it } from "vitest";
import { DeviceLog, LOG_CAPACITY, Severity, truncateUtf8 } from "../src/log.ts";

describe("DeviceLog", () => {
  it("keeps 10,000 records by default", () => {
    expect(LOG_CAPACITY).toBe(10_000);
    expect(new DeviceLog().capacity).toBe(10_000);
  });

  it("reads records in order with increasing ids", () => {
    const log = new DeviceLog(8);
    log.write(Severity.INFO, "/a", "one");
    log.write(Severity.ERROR, "/b", "two", "Error: two\n    at x");
    const { records, dropped, cursor } = log.read(1, {}, 10);
    expect(records.map((r) => [r.id, r.moniker, r.message, r.stack])).toEqual([
      [1, "/a", "one", null],
      [2, "/b", "two", "Error: two\n    at x"],
    ]);
    expect(dropped).toBe(0);
    expect(cursor).toBe(3);
  });

  it("filters by moniker, minimum severity and time", () => {
    const log = new DeviceLog(8);
    const first = log.write(Severity.INFO, "/a", "old");
    log.write(Severity.WARN, "/a", "warn");
    log.write(Severity.ERROR, "/b", "other");
    expect(log.read(1, { moniker: "/a" }, 10).records.map((r) => r.message)).toEqual(["old", "warn"]);
    expect(log.read(1, { minSeverity: Severity.WARN }, 10).records.map((r) => r.message)).toEqual(["warn", "other"]);
    expect(log.read(1, { sinceNanos: first.timeNanos + 1n }, 10).records.map((r) => r.message)).toEqual(["warn", "other"]);
  });

  it("overwrites the oldest records past capacity and counts what a slow reader missed", () => {
    const log = new DeviceLog(4);
    for (let i = 1; i <= 10; i++) log.write(Severity.INFO, "/", `m${i}`);
    expect(log.firstId).toBe(7);
    const { records, dropped, cursor } = log.read(1, {}, 100);
    expect(dropped).toBe(6);
    expect(records.map((r) => r.message)).toEqual(["m7", "m8", "m9", "m10"]);
    expect(cursor).toBe(11);
  });

  it("stops a batch at the record limit and at the byte budget", () => {
    const log = new DeviceLog(16);
    for (let i = 0; i < 5; i++) log.write(Severity.INFO, "/", "x".repeat(100));
    expect(log.read(1, {}, 2).records).toHaveLength(2);
    // Each record costs 64 + 1 + 100 bytes: a 400-byte budget holds two.
    expect(log.read(1, {}, 10, 400).records).toHaveLength(2);
    // A single record larger than the budget is still returned, so a reader always progresses.
    expect(log.read(1, {}, 10, 10).records).toHaveLength(1);
  });

  it("wakes a waiting reader on the next write and on abort", async () => {
    const log = new DeviceLog(4);
    const woken = log.waitForWrite();
    log.write(Severity.INFO, "/", "hi");
    await woken;
    const abort = new AbortController();
    const waiting = log.waitForWrite(abort.signal);
    abort.abort();
    await waiting;
  });

  it("truncates long messages to 8,192 UTF-8 bytes without splitting a character", () => {
    const log = new DeviceLog(4);
    const record = log.write(Severity.INFO, "/", "é".repeat(5000));
    expect(Buffer.byteLength(record.message)).toBeLessThanOrEqual(8192);
    expect(record.message.endsWith("é…")).toBe(true);
    expect(truncateUtf8("short", 10)).toBe("short");
    expect(truncateUtf8("😀😀😀", 9)).toBe("😀…");
  });
});
