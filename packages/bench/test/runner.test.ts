// Tests for the round-robin runner: rotation, warm-up, medians, ratios to the floor, failures.
import { describe, expect, it } from "vitest";
import { type Contender, payloadItself } from "../src/contender.ts";
import { ratiosTo, roundOrder, runComparisons, withTimeout } from "../src/runner.ts";
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

describe("roundOrder", () => {
  it("balances positions and who runs right before whom over a full cycle of rounds", () => {
    for (let n = 1; n <= 8; n++) {
      const items = Array.from({ length: n }, (_, i) => i);
      const rounds = n % 2 === 0 ? n : 2 * n;
      const positions = new Map<string, number>();
      const follows = new Map<string, number>();
      const count = (map: Map<string, number>, key: string): void => {
        map.set(key, (map.get(key) ?? 0) + 1);
      };
      for (let round = 0; round < rounds; round++) {
        const order = roundOrder(items, round);
        expect([...order].sort((a, b) => a - b)).toEqual(items);
        for (const [position, item] of order.entries()) count(positions, `${item}@${position}`);
        for (let i = 1; i < n; i++) count(follows, `${order[i - 1]}>${order[i]}`);
      }
      // Every contender in every position, and right after every other one, equally often.
      expect(positions.size).toBe(n * n);
      expect(new Set(positions.values())).toEqual(new Set([rounds / n]));
      expect(follows.size).toBe(n * (n - 1));
      if (n > 1) expect(new Set(follows.values())).toEqual(new Set([rounds / n]));
    }
  });

  it("puts a contender behind a different one each round, unlike a rotation", () => {
    const names = ["floor", "fidl-ws", "capnweb", "rpc-websockets", "birpc", "grpc-js"];
    const before = (round: number): string | undefined => {
      const order = roundOrder(names, round);
      return order[order.indexOf("fidl-ws") - 1];
    };
    const predecessors = [0, 1, 2, 3, 4].map(before).filter((name) => name !== undefined);
    expect(new Set(predecessors).size).toBe(predecessors.length);
    expect(roundOrder([], 3)).toEqual([]);
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
    // Rounds: [floor, fast, broken], [fast, broken, floor], [broken, floor, fast].
    expect(order).toEqual(["warm floor", "warm fast", "floor", "fast", "fast", "floor", "floor", "fast"]);
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
