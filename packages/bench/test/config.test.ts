// Tests for the run's parameters: the counts by default, BENCH_* variables, bad values.
import { describe, expect, it } from "vitest";
import { configFromEnv, scaled } from "../src/config.ts";

describe("configFromEnv", () => {
  it("uses the issue's counts by default", () => {
    const config = configFromEnv({});
    expect(config.scale).toBe(1);
    expect(config.rounds).toBe(3);
    expect(config.shortSampleRounds).toBe(5);
    expect(config.sequentialCalls).toBe(20_000);
    expect(config.inFlightCalls).toBe(200_000);
    expect(config.inFlight).toBe(256);
    expect(config.largeInFlight).toBe(16);
    expect(config.connections).toBe(200);
    expect(config.callsPerConnection).toBe(100);
    expect(config.smallPayloadBytes).toBe(16);
    expect(config.sampleBudgetMs).toBe(5_000);
    expect(config.only).toBeUndefined();
    expect(config.scenarios).toBeUndefined();
    expect(config.out).toBeUndefined();
    expect(config.isolateClients).toBe(false);
  });

  it("scales every count with BENCH_SCALE but keeps 200 connections and the in-flight depths", () => {
    const config = configFromEnv({ BENCH_SCALE: "0.1" });
    expect(config.sequentialCalls).toBe(2_000);
    expect(config.inFlightCalls).toBe(20_000);
    expect(config.largeSequentialCalls).toBe(100);
    expect(config.largeInFlightCalls).toBe(200);
    expect(config.connections).toBe(200);
    expect(config.callsPerConnection).toBe(10);
    expect(config.inFlight).toBe(256);
  });

  it("reads rounds, budget, filters and the output path", () => {
    const config = configFromEnv({
      BENCH_ROUNDS: "5",
      BENCH_SAMPLE_BUDGET_MS: "2500",
      BENCH_ONLY: "capnweb, birpc",
      BENCH_SCENARIOS: "A,C-16",
      BENCH_OUT: "/tmp/out.json",
      BENCH_ISOLATE: "1",
    });
    expect(config.rounds).toBe(5);
    expect(config.shortSampleRounds).toBe(5);
    expect(config.sampleBudgetMs).toBe(2_500);
    expect(config.only).toEqual(["capnweb", "birpc"]);
    expect(config.scenarios).toEqual(["A", "C-16"]);
    expect(config.out).toBe("/tmp/out.json");
    expect(config.isolateClients).toBe(true);
    expect(configFromEnv({ BENCH_ISOLATE: "0" }).isolateClients).toBe(false);
  });

  it("rejects values that are not positive numbers, naming the variable", () => {
    expect(() => configFromEnv({ BENCH_SCALE: "0" })).toThrow('BENCH_SCALE="0" is not a positive number');
    expect(() => configFromEnv({ BENCH_SCALE: "fast" })).toThrow('BENCH_SCALE="fast" is not a positive number');
    expect(() => configFromEnv({ BENCH_ROUNDS: "2.5" })).toThrow('BENCH_ROUNDS="2.5" is not a whole number');
    expect(() => configFromEnv({ BENCH_ISOLATE: "yes" })).toThrow('BENCH_ISOLATE="yes" is neither 1 nor 0');
  });
});

describe("scaled", () => {
  it("rounds and never goes below one call", () => {
    expect(scaled(20_000, 0.1)).toBe(2_000);
    expect(scaled(100, 0.001)).toBe(1);
  });
});
