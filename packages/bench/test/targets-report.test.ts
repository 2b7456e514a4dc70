// Tests for the targets and the markdown table built from one run's outcomes.
import { describe, expect, it } from "vitest";
import { configFromEnv } from "../src/config.ts";
import { formatNumber, formatRatio, type ReportInput, renderMarkdown } from "../src/report.ts";
import type { ContenderOutcome, ScenarioOutcome } from "../src/runner.ts";
import { meetsTarget } from "../src/solo-scenario.ts";
import { checkTargets } from "../src/targets.ts";

function result(contender: string, p50Us: number, ratio: number, calls = 20_000, rounds: readonly number[] = []): ContenderOutcome {
  const samples = rounds.map((value) => ({ p50Us: value, calls }));
  return { contender, samples, median: { p50Us }, ratio: { p50Us: ratio }, spread: { p50Us: { min: p50Us - 1, max: p50Us + 1 } }, calls };
}

const scenarioA: ScenarioOutcome = {
  id: "A",
  title: "20,000 sequential 16-byte echoes",
  calls: 20_000,
  primary: "p50Us",
  metrics: ["p50Us"],
  results: [result("floor", 60, 1), result("fidl-ws", 62, 1.033), result("birpc", 66, 1.1, 9_000)],
};

// Round 2: fidl-ws 1.10× the floor (misses ≤ 1.05×) and behind birpc; round 3 has no birpc sample.
const scenarioAByRound: ScenarioOutcome = {
  ...scenarioA,
  results: [result("floor", 60, 1, 20_000, [60, 60, 60]), result("fidl-ws", 62, 1.033, 20_000, [61, 66, 62]), result("birpc", 66, 1.1, 9_000, [66, 65])],
};

describe("checkTargets", () => {
  it("judges the primary ratio and the lead over the best peer", () => {
    expect(checkTargets([scenarioA], "fidl-ws", "floor")).toEqual([
      { scenario: "A", requirement: "p50 ≤ 1.05× floor", value: 1.033, met: true, rounds: { met: 0, of: 0 } },
      {
        scenario: "A",
        requirement: "ahead of every peer",
        value: 1.033,
        met: true,
        bestPeer: { name: "birpc", ratio: 1.1 },
        rounds: { met: 0, of: 0 },
      },
    ]);
  });

  it("tallies the rounds in which each test held, round against round", () => {
    expect(checkTargets([scenarioAByRound], "fidl-ws", "floor").map((check) => check.rounds)).toEqual([
      { met: 2, of: 3 },
      { met: 1, of: 2 },
    ]);
  });

  it("fails a higher-is-better scenario below 0.90× and behind a peer", () => {
    const b: ScenarioOutcome = {
      id: "B",
      title: "b",
      calls: 10,
      primary: "callsPerSec",
      metrics: ["callsPerSec"],
      results: [
        { contender: "floor", samples: [], median: { callsPerSec: 100 }, ratio: { callsPerSec: 1 }, spread: {}, calls: 10 },
        { contender: "fidl-ws", samples: [], median: { callsPerSec: 85 }, ratio: { callsPerSec: 0.85 }, spread: {}, calls: 10 },
        { contender: "rpc-websockets", samples: [], median: { callsPerSec: 88 }, ratio: { callsPerSec: 0.88 }, spread: {}, calls: 10 },
      ],
    };
    expect(checkTargets([b], "fidl-ws", "floor").map((c) => c.met)).toEqual([false, false]);
  });

  it("has nothing to say without fidl-ws", () => {
    expect(checkTargets([{ ...scenarioA, results: [result("floor", 60, 1)] }], "fidl-ws", "floor")).toEqual([]);
  });
});

describe("meetsTarget", () => {
  it("applies each comparison", () => {
    expect(meetsTarget(2048, { op: "<=", value: 2048 })).toBe(true);
    expect(meetsTarget(1000, { op: "<", value: 1000 })).toBe(false);
    expect(meetsTarget(5, undefined)).toBe(true);
  });
});

/** A report of one scenario and its targets, no solo scenarios, nothing skipped. */
function reportOf(scenario: ScenarioOutcome): ReportInput {
  return {
    startedAt: "2026-11-26T12:00:00.000Z",
    durationSeconds: 200,
    config: configFromEnv({}),
    machine: { cpus: 2, model: "AMD EPYC", memoryBytes: 2 ** 34, node: "v20.20.2", platform: "linux", arch: "x64", loadAverage1m: 0.5 },
    largePayloadBytes: 65_508,
    scenarios: [scenario],
    solo: [],
    targets: checkTargets([scenario], "fidl-ws", "floor"),
    skipped: [],
  };
}

describe("renderMarkdown", () => {
  it("prints one row per scenario and contender with the figure, ratio, range and cap", () => {
    const text = renderMarkdown({
      ...reportOf(scenarioA),
      solo: [{ id: "G", title: "reboot with 10,000 pending calls", unit: "ms", target: { op: "<", value: 1000 }, samples: [300], median: 300, met: true }],
      skipped: [{ name: "grpc-js", reason: "server exited" }],
    });
    expect(text).toContain("scale 1, 3 rounds, 5 for C and D (medians;");
    expect(text).toContain("Skipped grpc-js: server exited");
    expect(text).toContain("| A 20,000 sequential 16-byte echoes | floor | p50 60.0 µs | 1.00× | 59.0–61.0 |  |");
    expect(text).toContain("| A 20,000 sequential 16-byte echoes | birpc | p50 66.0 µs | 1.10× | 65.0–67.0 | time-capped: 9,000 of 20,000 calls per round |");
    expect(text).toContain("| G reboot with 10,000 pending calls | 300.0 ms | < 1,000 ms | yes |  |");
    expect(text).toContain("| p50 ≤ 1.05× floor | A | 1.03× | – | yes | – |");
    expect(text).toContain("| ahead of every peer | A | 1.03× | birpc 1.10× | yes | – |");
  });

  it("says in how many rounds each target held", () => {
    const text = renderMarkdown(reportOf(scenarioAByRound));
    expect(text).toContain("| p50 ≤ 1.05× floor | A | 1.03× | – | yes | 2 of 3 |");
    expect(text).toContain("| ahead of every peer | A | 1.03× | birpc 1.10× | yes | 1 of 2 |");
  });
});

describe("formatting", () => {
  it("groups thousands and prints ratios with two decimals", () => {
    expect(formatNumber(131_072.4, 0)).toBe("131,072");
    expect(formatNumber(Number.NaN, 1)).toBe("–");
    expect(formatRatio(0.904)).toBe("0.90×");
    expect(formatRatio(undefined)).toBe("–");
  });
});
