// Tests for StallDetector: each blocking episode is reported once, with its measured duration.
import { describe, expect, it } from "vitest";
import { sleep, sleepSync } from "../../src/toolkit/sleep.ts";
import { type Stall, StallDetector, detectStalls } from "../../src/toolkit/stall-detector.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections, recordingLogger, thrownBy } from "./helpers.ts";

expectNoUnhandledRejections();

describe("StallDetector", () => {
  it("reports a synchronous sleep longer than the threshold, with its duration", async () => {
    const stalls: Stall[] = [];
    using detector = detectStalls({ thresholdMs: 100, intervalMs: 5, onStall: (s) => void stalls.push(s) });
    await sleep(20);
    sleepSync(250);
    await sleep(30);
    expect(stalls).toHaveLength(1);
    const [stall] = stalls;
    expect(stall!.thresholdMs).toBe(100);
    // Timer lateness under-reports by at most one interval; a loaded machine can add a little.
    expect(stall!.durationMs).toBeGreaterThanOrEqual(245);
    expect(stall!.durationMs).toBeLessThan(400);
    expect(detector.stallCount).toBe(1);
  });

  it("reports each blocking episode separately", async () => {
    const stalls: Stall[] = [];
    using _detector = detectStalls({ thresholdMs: 80, intervalMs: 5, onStall: (s) => void stalls.push(s) });
    await sleep(10);
    sleepSync(150);
    await sleep(20);
    sleepSync(200);
    await sleep(20);
    expect(stalls).toHaveLength(2);
    expect(stalls[0]!.durationMs).toBeGreaterThanOrEqual(145);
    expect(stalls[1]!.durationMs).toBeGreaterThanOrEqual(195);
  });

  it("stays quiet while the loop only awaits", async () => {
    const stalls: Stall[] = [];
    using _detector = detectStalls({ thresholdMs: 400, intervalMs: 5, onStall: (s) => void stalls.push(s) });
    await sleep(120);
    expect(stalls).toEqual([]);
  });

  it("logs a warning line by default", async () => {
    const logger = recordingLogger();
    using _detector = detectStalls({ thresholdMs: 100, intervalMs: 5, logger });
    await sleep(10);
    sleepSync(200);
    await sleep(20);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/^event loop blocked for \d+ ms \(threshold 100 ms\)$/);
  });

  it("stops reporting after stop() and can be restarted", async () => {
    const stalls: Stall[] = [];
    const detector = new StallDetector({ thresholdMs: 80, intervalMs: 5, onStall: (s) => void stalls.push(s) });
    expect(detector.running).toBe(false);
    detector.start();
    expect(detector.running).toBe(true);
    detector.stop();
    expect(detector.running).toBe(false);
    sleepSync(150);
    await sleep(20);
    expect(stalls).toEqual([]);
    detector.start();
    await sleep(10);
    sleepSync(150);
    await sleep(20);
    detector.stop();
    detector.stop();
    expect(stalls).toHaveLength(1);
  });

  it("derives its sampling interval from the threshold", () => {
    expect(new StallDetector({ thresholdMs: 100 }).intervalMs).toBe(25);
    expect(new StallDetector({ thresholdMs: 1_000 }).intervalMs).toBe(50);
    expect(new StallDetector({ thresholdMs: 2 }).intervalMs).toBe(1);
  });

  it("rejects a non-positive threshold with ZX_ERR_INVALID_ARGS", () => {
    const error = thrownBy(() => new StallDetector({ thresholdMs: 0 }));
    expect(ZxError.is(error, ZxStatus.INVALID_ARGS)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_INVALID_ARGS] StallDetector thresholdMs must be > 0, got 0");
  });
});
