// Tests for the round-robin runner: rotation, warm-up, medians, ratios to the floor, failures.
import { describe, expect, it } from "vitest";
import { type Contender, payloadItself } from "../src/contender.ts";
import { ratiosTo, rotate, roundOrder, runComparisons, withTimeout } from "../src/runner.ts";
import type { Scenario } from "../src/scenarios.ts";

function fakeContender(name: string): Contender {
  return {
    name,
    description: `${name} (in process)`,
    start: () => Promise.resolve({ pid: 0, port: 0 }),
    call: (payload) => Promise.resolve(payload),
    echoed: payloadItself,
    connectMany: () => Promise.resolve([]),
    stop: () => Promise.resolve(),
  };
}

describe("rotate", () => {
  it("starts round r with item r mod n", () => {
    expect(rotate(["a", "b", "c"], 0)).toEqual(["a", "b", "c"]);
    expect(rotate(["a", "b", "c"], 1)).toEqual(["b", "c", "a"]);
    expect(rotate(["a", "b", "c"], 4)).toEqual(["b", "c", "a"]);
    expect(rotate([], 2)).toEqual([]);
  });
});

describe("roundOrder", () => {
  it("rotates every round and reverses odd rounds, so neighbours change", () => {
    expect(roundOrder(["a", "b", "c", "d"], 0)).toEqual(["a", "b", "c", "d"]);
    expect(roundOrder(["a", "b", "c", "d"], 1)).toEqual(["a", "d", "c", "b"]);
    expect(roundOrder(["a", "b", "c", "d"], 2)).toEqual(["c", "d", "a", "b"]);
  });
});

describe("withTimeout", () => {
  it("rejects naming what took too long", async () => {
    await expect(withTimeout(new Promise(() => {}), 20, "B round 1 of slowpoke")).rejects.toThrow("B round 1 of slowpoke took longer than 20 ms");
  });

  it("passes a result through", async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000, "x")).resolves.toBe(7);
  });
});

describe("ratiosTo", () => {
  it("divides each metric by the floor's", () => {
    expect(ratiosTo({ p50Us: 50, callsPerSec: 1_000 }, { p50Us: 60, callsPerSec: 900 }, ["p50Us", "callsPerSec"])).toEqual({
      p50Us: 1.2,
      callsPerSec: 0.9,
    });
    expect(ratiosTo(undefined, { p50Us: 60 }, ["p50Us"])).toEqual({});
  });
});

describe("runComparisons", () => {
  it("warms up, changes the order each round, and reports medians and ratios to the floor", async () => {
    const order: string[] = [];
    const perCall: Record<string, number[]> = { floor: [100, 110, 90], fast: [200, 220, 180], broken: [] };
    const scenario: Scenario = {
      id: "B",
      title: "fake",
      calls: 10,
      primary: "callsPerSec",
      metrics: ["callsPerSec"],
      run(contender, fraction) {
        if (contender.name === "broken") return Promise.reject(new Error("socket closed"));
        if (fraction < 1) {
          order.push(`warm ${contender.name}`);
          return Promise.resolve({ callsPerSec: 1, calls: 1 });
        }
        order.push(contender.name);
        return Promise.resolve({ callsPerSec: perCall[contender.name]!.shift()!, calls: 10 });
      },
    };
    const [outcome] = await runComparisons([fakeContender("floor"), fakeContender("fast"), fakeContender("broken")], [scenario], {
      rounds: 3,
      warmupFraction: 0.1,
      sampleTimeoutMs: 1_000,
      floor: "floor",
    });
    // Rounds: [floor, fast, broken], reversed rotation [floor, broken, fast], [broken, floor, fast].
    expect(order).toEqual(["warm floor", "warm fast", "floor", "fast", "floor", "fast", "floor", "fast"]);
    const byName = Object.fromEntries(outcome!.results.map((r) => [r.contender, r]));
    expect(byName["floor"]!.median.callsPerSec).toBe(100);
    expect(byName["fast"]!.median.callsPerSec).toBe(200);
    expect(byName["fast"]!.ratio.callsPerSec).toBe(2);
    expect(byName["fast"]!.spread.callsPerSec).toEqual({ min: 180, max: 220 });
    expect(byName["fast"]!.calls).toBe(10);
    expect(byName["broken"]!.error).toBe("socket closed");
    expect(byName["broken"]!.samples).toEqual([]);
    expect(outcome!.calls).toBe(10);
  });

  it("runs the rounds a scenario sets instead of the run's", async () => {
    let samples = 0;
    const scenario: Scenario = {
      id: "D",
      title: "fake",
      calls: 1,
      rounds: 5,
      primary: "callsPerSec",
      metrics: ["callsPerSec"],
      run: () => {
        samples++;
        return Promise.resolve({ callsPerSec: samples, calls: 1 });
      },
    };
    const [outcome] = await runComparisons([fakeContender("floor")], [scenario], { rounds: 3, warmupFraction: 0, sampleTimeoutMs: 1_000, floor: "floor" });
    expect(samples).toBe(5);
    expect(outcome!.results[0]!.samples).toHaveLength(5);
    expect(outcome!.results[0]!.median.callsPerSec).toBe(3);
  });
});
