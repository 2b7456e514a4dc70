// A contender whose clients run in a worker: samples come from the worker, errors name what failed.
import { describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.ts";
import { echo as echoThrough } from "../src/contender.ts";
import { type IsolatedContenderSpec, isolatedContender } from "../src/isolated-contender.ts";
import { runComparisons } from "../src/runner.ts";
import { comparisonScenarios } from "../src/scenarios.ts";

const config = configFromEnv({ BENCH_SCALE: "0.001" });
const module = new URL("./fixtures/echo-contender.ts", import.meta.url);
const echo: IsolatedContenderSpec = { name: "echo", description: "in process", module, factory: "createEchoContender" };

describe("isolatedContender", () => {
  it("starts the contender in its worker, echoes through it and runs whole samples there", async () => {
    const contender = isolatedContender(echo, config, 64);
    try {
      expect(await contender.start()).toEqual({ pid: process.pid, port: 0 });
      expect([...(await echoThrough(contender, Uint8Array.of(1, 2, 3)))]).toEqual([1, 2, 3]);
      const result = await contender.runSample!("A", 1);
      expect(result.sample.calls).toBe(config.sequentialCalls);
      expect(result.sample.p50Us).toBeGreaterThan(0);
      expect(result.markCompacts).toBeGreaterThanOrEqual(0);
    } finally {
      await contender.stop();
    }
    await expect(contender.runSample!("A", 1)).rejects.toThrow("echo: not started");
  });

  it("is what the runner samples, with the worker's figures", async () => {
    const contender = isolatedContender(echo, config, 64);
    await contender.start();
    try {
      const scenarios = comparisonScenarios(config, 64).filter((s) => s.id === "C-seq");
      const [outcome] = await runComparisons([contender], scenarios, { rounds: 1, warmupFraction: 0, sampleTimeoutMs: 10_000, floor: "echo" });
      const [sample] = outcome!.results[0]!.samples;
      expect(sample!.calls).toBe(config.largeSequentialCalls);
      expect(sample!.markCompactsPer1kCalls).toBeGreaterThanOrEqual(0);
    } finally {
      await contender.stop();
    }
  });

  it("rejects naming the contender when a sample, its start or its factory fails, and ends the worker", async () => {
    const contender = isolatedContender(echo, config, 64);
    await contender.start();
    await expect(contender.runSample!("Z", 1)).rejects.toThrow("no scenario Z");
    await contender.stop();

    const failing = isolatedContender({ ...echo, name: "failing", factory: "createFailingContender" }, config, 64);
    await expect(failing.start()).rejects.toThrow("server would not start");
    await expect(failing.call(Uint8Array.of(1))).rejects.toThrow("failing: not started");

    const misnamed = isolatedContender({ ...echo, name: "other" }, config, 64);
    await expect(misnamed.start()).rejects.toThrow("createEchoContender creates echo, not other");

    const missing = isolatedContender({ ...echo, factory: "createNothing" }, config, 64);
    await expect(missing.start()).rejects.toThrow(/has no function createNothing/);
  });
});
