// The figures a sample can carry, their units, and which direction is better.

/** Names of the figures a scenario sample reports. */
export type MetricName = "p50Us" | "p99Us" | "callsPerSec" | "mbPerSec" | "connectMs" | "cpuUsPerCall" | "markCompactsPer1kCalls";

/** How a figure is printed and compared. */
export interface MetricInfo {
  readonly label: string;
  readonly unit: string;
  /** Lower latency is better; higher throughput is better. Ratios are always contender / floor. */
  readonly better: "lower" | "higher";
  /** Digits after the decimal point in the table. */
  readonly digits: number;
}

/** Every metric's description. */
export const METRICS: Readonly<Record<MetricName, MetricInfo>> = {
  p50Us: { label: "p50", unit: "µs", better: "lower", digits: 1 },
  p99Us: { label: "p99", unit: "µs", better: "lower", digits: 1 },
  callsPerSec: { label: "calls/s", unit: "calls/s", better: "higher", digits: 0 },
  mbPerSec: { label: "MB/s", unit: "MB/s", better: "higher", digits: 1 },
  connectMs: { label: "connect", unit: "ms", better: "lower", digits: 1 },
  // Client and server process together (see cpu-time.ts).
  cpuUsPerCall: { label: "CPU/call", unit: "µs", better: "lower", digits: 1 },
  // In the clients' heap only: the harness's, or the contender's worker's with BENCH_ISOLATE=1 (see gc-count.ts).
  markCompactsPer1kCalls: { label: "client mark-compacts/1k calls", unit: "", better: "lower", digits: 1 },
};

/** Figures of one measurement (or medians, or ratios) by metric. */
export type Figures = Partial<Record<MetricName, number>>;

/** One measurement of one contender on one scenario. */
export type Sample = Figures & {
  /** Calls the sample made; fewer than the scenario's count when the time budget ran out. */
  calls?: number;
};
