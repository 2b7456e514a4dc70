// Mark-compacts in the client process per sample: counted during the sample only, where reported.
import { describe, expect, it } from "vitest";
import { collectGarbage } from "../src/gc.ts";
import { countMarkCompacts } from "../src/gc-count.ts";
import { runComparisons } from "../src/runner.ts";
import type { Scenario } from "../src/scenarios.ts";
import { inProcessContender } from "./fixtures/in-process-contender.ts";

const contender = inProcessContender;

/** A scenario whose sample makes `calls` calls and forces `collections` full GCs. */
function scenario(metrics: Scenario["metrics"], collections: number, calls = 500): Scenario {
  return {
    id: "C-seq",
    title: "forced collections",
    calls,
    primary: "callsPerSec",
    metrics,
    run: () => {
      for (let i = 0; i < collections; i++) collectGarbage();
      return Promise.resolve({ callsPerSec: 100, calls });
    },
  };
}

const options = { rounds: 1, warmupFraction: 0, sampleTimeoutMs: 5_000, floor: "floor" };

describe("mark-compact count", () => {
  it("counts the mark-compacts that finished while it ran, and none after stop", async () => {
    const counter = countMarkCompacts();
    collectGarbage();
    collectGarbage();
    const counted = await counter.stop();
    collectGarbage();
    expect(counted).toBe(2);
    expect(await counter.stop()).toBe(2);
  });

  it("is added per 1,000 calls to samples of scenarios that report it", async () => {
    const [reported] = await runComparisons([contender], [scenario(["callsPerSec", "markCompactsPer1kCalls"], 3)], options);
    expect(reported!.results[0]!.samples[0]!.markCompactsPer1kCalls).toBe(6);
    const [notReported] = await runComparisons([contender], [scenario(["callsPerSec"], 3)], options);
    expect(notReported!.results[0]!.samples[0]!.markCompactsPer1kCalls).toBeUndefined();
  });
});
