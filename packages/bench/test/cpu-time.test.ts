// CPU time per call: read from /proc for the server, process.cpuUsage for this process.
import { describe, expect, it } from "vitest";
import { cpuMicrosOf, cpuMicrosPerCall, readCpu } from "../src/cpu-time.ts";
import { runComparisons } from "../src/runner.ts";
import type { Scenario } from "../src/scenarios.ts";
import { inProcessContender } from "./fixtures/in-process-contender.ts";

/** Busy-waits until this process has used `ms` of CPU (not wall) time: on a loaded machine it
 * may wait for a core, and a wall-clock spin then uses less CPU than it lasts. */
function spin(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if (used.user + used.system >= ms * 1000) return;
  }
}

const onLinux = process.platform === "linux";

describe.runIf(onLinux)("cpu time", () => {
  it("reads a process's user + system time from /proc, and nothing for a missing one", () => {
    const before = cpuMicrosOf(process.pid)!;
    spin(120);
    // One tick is 10 ms; a 120 ms spin shows as at least 80 ms whatever the rounding.
    expect(cpuMicrosOf(process.pid)! - before).toBeGreaterThanOrEqual(80_000);
    expect(cpuMicrosOf(2 ** 22 + 12345)).toBeUndefined();
  });

  it("divides both sides' CPU time by the calls, and gives none without a server or calls", () => {
    // This process stands in for the server: its time counts on both sides.
    const start = readCpu(process.pid);
    spin(120);
    expect(cpuMicrosPerCall(start, 10)).toBeGreaterThanOrEqual((2 * 80_000) / 10);
    expect(readCpu(undefined)).toBeUndefined();
    expect(cpuMicrosPerCall(readCpu(undefined), 10)).toBeUndefined();
    expect(cpuMicrosPerCall(readCpu(process.pid), 0)).toBeUndefined();
  });

  it("is added to the samples of scenarios that report it, when the server's pid is known", async () => {
    const contender = inProcessContender;
    const scenario = (metrics: Scenario["metrics"]): Scenario => ({
      id: "A",
      title: "spin",
      calls: 4,
      primary: "callsPerSec",
      metrics,
      run: () => {
        spin(40);
        return Promise.resolve({ callsPerSec: 100, calls: 4 });
      },
    });
    const options = { rounds: 1, warmupFraction: 0, sampleTimeoutMs: 5_000, floor: "floor" };
    const [withPid] = await runComparisons([contender], [scenario(["callsPerSec", "cpuUsPerCall"])], {
      ...options,
      serverPidOf: () => process.pid,
    });
    expect(withPid!.results[0]!.median.cpuUsPerCall).toBeGreaterThan(10_000);
    const [withoutPid] = await runComparisons([contender], [scenario(["callsPerSec", "cpuUsPerCall"])], options);
    expect(withoutPid!.results[0]!.median.cpuUsPerCall).toBeUndefined();
    const [notReported] = await runComparisons([contender], [scenario(["callsPerSec"])], { ...options, serverPidOf: () => process.pid });
    expect(notReported!.results[0]!.median.cpuUsPerCall).toBeUndefined();
  });
});
