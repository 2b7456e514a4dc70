// Scenarios A–D: the workloads every contender runs, and the figures each one yields.
import type { BenchConfig } from "./config.ts";
import type { Contender } from "./contender.ts";
import { type LoadResult, runInFlight, runPerConnection, runSequential } from "./load.ts";
import type { MetricName, Sample } from "./metrics.ts";
import { makePayload } from "./payload.ts";
import { percentileOfSorted } from "./stats.ts";

/** A workload run on every contender and compared to the floor. */
export interface Scenario {
  /** `A`, `B`, `C-seq`, `C-16`, `D`. */
  readonly id: string;
  readonly title: string;
  /** The figure the table leads with and the targets judge. */
  readonly primary: MetricName;
  /** Every figure a sample carries, primary first. */
  readonly metrics: readonly MetricName[];
  /** The call count at full fraction (what an uncapped sample makes). */
  readonly calls: number;
  /** Measured rounds, when not the run's default. */
  readonly rounds?: number;
  /** Runs the workload once at `fraction` of its counts (1 for a measured sample). */
  run(contender: Contender, fraction: number): Promise<Sample>;
}

const MB = 1_000_000;

function part(count: number, fraction: number): number {
  return Math.max(1, Math.round(count * fraction));
}

/** Payload bytes echoed per second in MB (counted once, not once per direction), and calls/s. */
function throughput(result: LoadResult, payloadBytes: number): Sample {
  const perSecond = 1000 / result.elapsedMs;
  return { mbPerSec: ((result.calls * payloadBytes) / MB) * perSecond, callsPerSec: result.calls * perSecond, calls: result.calls };
}

/** A–D built from the run's counts; `largePayloadBytes` is the N that fills one FIDL message. */
export function comparisonScenarios(config: BenchConfig, largePayloadBytes: number): Scenario[] {
  const small = makePayload(config.smallPayloadBytes, 7);
  const large = makePayload(largePayloadBytes, 11);
  const deadline = (): number => performance.now() + config.sampleBudgetMs;
  return [
    {
      id: "A",
      title: `${config.sequentialCalls.toLocaleString("en-US")} sequential ${small.byteLength}-byte echoes`,
      calls: config.sequentialCalls,
      primary: "p50Us",
      metrics: ["p50Us", "p99Us", "callsPerSec", "cpuUsPerCall"],
      async run(contender, fraction) {
        const latencies = new Float64Array(part(config.sequentialCalls, fraction));
        const result = await runSequential(contender, small, latencies.length, latencies, deadline());
        const measured = latencies.subarray(0, result.calls).sort();
        return {
          p50Us: percentileOfSorted(measured, 50) * 1000,
          p99Us: percentileOfSorted(measured, 99) * 1000,
          callsPerSec: (result.calls / result.elapsedMs) * 1000,
          calls: result.calls,
        };
      },
    },
    {
      id: "B",
      title: `${config.inFlightCalls.toLocaleString("en-US")} ${small.byteLength}-byte calls, ${config.inFlight} in flight`,
      calls: config.inFlightCalls,
      primary: "callsPerSec",
      metrics: ["callsPerSec", "cpuUsPerCall"],
      async run(contender, fraction) {
        const result = await runInFlight(contender, small, part(config.inFlightCalls, fraction), config.inFlight, deadline());
        return { callsPerSec: (result.calls / result.elapsedMs) * 1000, calls: result.calls };
      },
    },
    {
      id: "C-seq",
      rounds: config.shortSampleRounds,
      title: `${config.largeSequentialCalls.toLocaleString("en-US")} sequential ${large.byteLength.toLocaleString("en-US")}-byte echoes`,
      calls: config.largeSequentialCalls,
      primary: "mbPerSec",
      metrics: ["mbPerSec", "callsPerSec", "cpuUsPerCall", "markCompactsPer1kCalls"],
      async run(contender, fraction) {
        const result = await runSequential(contender, large, part(config.largeSequentialCalls, fraction), undefined, deadline());
        return throughput(result, large.byteLength);
      },
    },
    {
      id: "C-16",
      rounds: config.shortSampleRounds,
      title: `${config.largeInFlightCalls.toLocaleString("en-US")} ${large.byteLength.toLocaleString("en-US")}-byte echoes, ${config.largeInFlight} in flight`,
      calls: config.largeInFlightCalls,
      primary: "mbPerSec",
      metrics: ["mbPerSec", "callsPerSec", "cpuUsPerCall", "markCompactsPer1kCalls"],
      async run(contender, fraction) {
        const result = await runInFlight(contender, large, part(config.largeInFlightCalls, fraction), config.largeInFlight, deadline());
        return throughput(result, large.byteLength);
      },
    },
    {
      id: "D",
      rounds: config.shortSampleRounds,
      title: `${config.connections} connections × ${config.callsPerConnection} sequential ${small.byteLength}-byte calls`,
      calls: config.connections * config.callsPerConnection,
      primary: "callsPerSec",
      metrics: ["callsPerSec", "connectMs", "cpuUsPerCall"],
      async run(contender, fraction) {
        // Connecting is timed apart: D measures calls spread over many sockets, not handshakes.
        const connectStart = performance.now();
        const connections = await contender.connectMany(config.connections);
        const connectMs = performance.now() - connectStart;
        try {
          const result = await runPerConnection(connections, small, part(config.callsPerConnection, fraction), deadline());
          return { callsPerSec: (result.calls / result.elapsedMs) * 1000, connectMs, calls: result.calls };
        } finally {
          await Promise.allSettled(connections.map((connection) => connection.close()));
        }
      },
    },
  ];
}
