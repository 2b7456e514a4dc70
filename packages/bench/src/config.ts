// Benchmark parameters: the counts by default, scaled and filtered through environment variables.

/** Every count and knob of one run. */
export interface BenchConfig {
  /** `BENCH_SCALE`: multiplies every call count (1 = the numbers). */
  readonly scale: number;
  /** `BENCH_ROUNDS`: measured rounds per scenario; each round runs every contender once. */
  readonly rounds: number;
  /**
   * Rounds of C and D, whose samples take about a second or less each: `BENCH_ROUNDS` when set,
   * else more than the others, since the median of 3 such samples moved by a tenth between runs.
   */
  readonly shortSampleRounds: number;
  /** Share of each scenario's counts run once per contender, unrecorded, before round 1. */
  readonly warmupFraction: number;
  /** A: sequential 16-byte echoes. */
  readonly sequentialCalls: number;
  /** B: total 16-byte calls. */
  readonly inFlightCalls: number;
  /** B: calls kept in flight. */
  readonly inFlight: number;
  /** C: sequential largest-payload calls. */
  readonly largeSequentialCalls: number;
  /** C: largest-payload calls with `largeInFlight` outstanding. */
  readonly largeInFlightCalls: number;
  /** C: calls kept in flight. */
  readonly largeInFlight: number;
  /** D: client connections. */
  readonly connections: number;
  /** D: sequential calls per connection. */
  readonly callsPerConnection: number;
  /** Small payload size for A, B and D. */
  readonly smallPayloadBytes: number;
  /**
   * `BENCH_SAMPLE_BUDGET_MS`: a sample starts no call after this long, so a slow peer (grpc-js
   * runs ~10× slower than the floor) is measured on fewer calls instead of stretching the run.
   * Every figure is a rate or a percentile, so a capped sample stays comparable.
   */
  readonly sampleBudgetMs: number;
  /** A sample taking longer than this fails (the contender is dropped from the scenario). */
  readonly sampleTimeoutMs: number;
  /** `BENCH_ONLY`: contender names to run (the floor always runs); undefined = all. */
  readonly only: readonly string[] | undefined;
  /** `BENCH_SCENARIOS`: scenario ids to run (A, B, C-seq, C-16, D, E, ...); undefined = all. */
  readonly scenarios: readonly string[] | undefined;
  /** `BENCH_OUT`: where the JSON goes; undefined = bench/results/latest.json at the repo root. */
  readonly out: string | undefined;
  /**
   * `BENCH_ISOLATE=1`: run each contender's clients in a worker thread of its own, with its own
   * V8 heap, instead of all in the harness's heap (see isolated-contender.ts).
   */
  readonly isolateClients: boolean;
}

/** The numbers (scale 1) and the chosen defaults for what it leaves open. */
export const DEFAULTS = {
  rounds: 3,
  shortSampleRounds: 5,
  warmupFraction: 0.1,
  sequentialCalls: 20_000,
  inFlightCalls: 200_000,
  inFlight: 256,
  // The issue fixes the payload for C, not the count: 64 MB each way per sample at full scale.
  largeSequentialCalls: 1_000,
  largeInFlightCalls: 2_000,
  largeInFlight: 16,
  connections: 200,
  callsPerConnection: 100,
  smallPayloadBytes: 16,
  sampleBudgetMs: 5_000,
  sampleTimeoutMs: 60_000,
} as const;

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${JSON.stringify(raw)} is not a positive number`);
  return value;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = positiveNumber(env, name, fallback);
  if (!Number.isInteger(value)) throw new Error(`${name}=${JSON.stringify(env[name])} is not a whole number`);
  return value;
}

function list(env: NodeJS.ProcessEnv, name: string): readonly string[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  return raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim() ?? "";
  if (raw === "" || raw === "0") return false;
  if (raw === "1") return true;
  throw new Error(`${name}=${JSON.stringify(raw)} is neither 1 nor 0`);
}

/** A count scaled by `scale`, never below 1. */
export function scaled(count: number, scale: number): number {
  return Math.max(1, Math.round(count * scale));
}

/**
 * Reads the configuration from `env`. Throws naming the variable when a value is not usable.
 * D keeps its 200 connections at every scale and scales the calls per connection instead.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const scale = positiveNumber(env, "BENCH_SCALE", 1);
  return {
    scale,
    rounds: positiveInteger(env, "BENCH_ROUNDS", DEFAULTS.rounds),
    shortSampleRounds: positiveInteger(env, "BENCH_ROUNDS", DEFAULTS.shortSampleRounds),
    warmupFraction: DEFAULTS.warmupFraction,
    sequentialCalls: scaled(DEFAULTS.sequentialCalls, scale),
    inFlightCalls: scaled(DEFAULTS.inFlightCalls, scale),
    inFlight: DEFAULTS.inFlight,
    largeSequentialCalls: scaled(DEFAULTS.largeSequentialCalls, scale),
    largeInFlightCalls: scaled(DEFAULTS.largeInFlightCalls, scale),
    largeInFlight: DEFAULTS.largeInFlight,
    connections: DEFAULTS.connections,
    callsPerConnection: scaled(DEFAULTS.callsPerConnection, scale),
    smallPayloadBytes: DEFAULTS.smallPayloadBytes,
    sampleBudgetMs: positiveInteger(env, "BENCH_SAMPLE_BUDGET_MS", DEFAULTS.sampleBudgetMs),
    sampleTimeoutMs: positiveInteger(env, "BENCH_SAMPLE_TIMEOUT_MS", DEFAULTS.sampleTimeoutMs),
    only: list(env, "BENCH_ONLY"),
    scenarios: list(env, "BENCH_SCENARIOS"),
    out: env["BENCH_OUT"]?.trim() || undefined,
    isolateClients: flag(env, "BENCH_ISOLATE"),
  };
}
