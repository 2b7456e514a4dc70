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
    // V8 may finish a mark-compact of its own meanwhile (the test workers are busy): at least the
    // two forced ones, and nothing more once stopped.
    expect(counted).toBeGreaterThanOrEqual(2);
    expect(counted).toBeLessThan(10);
    expect(await counter.stop()).toBe(counted);
  });

  it("is added per 1,000 calls to samples of scenarios that report it", async () => {
    const [reported] = await runComparisons([contender], [scenario(["callsPerSec", "markCompactsPer1kCalls"], 3)], options);
    // 3 forced mark-compacts over 500 calls (and any V8 ran on its own meanwhile).
    const perThousand = reported!.results[0]!.samples[0]!.markCompactsPer1kCalls!;
    expect(perThousand).toBeGreaterThanOrEqual(6);
    expect(perThousand % 2).toBe(0);
    const [notReported] = await runComparisons([contender], [scenario(["callsPerSec"], 3)], options);
    expect(notReported!.results[0]!.samples[0]!.markCompactsPer1kCalls).toBeUndefined();
  });
});
