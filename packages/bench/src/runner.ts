// Runs scenarios with contenders interleaved round by round and reduces samples to medians and ratios.
import type { Contender } from "./contender.ts";
import { cpuMicrosPerCall, readCpu } from "./cpu-time.ts";
import { measureSample } from "./gc-count.ts";
import type { Figures, MetricName, Sample } from "./metrics.ts";
import type { Scenario } from "./scenarios.ts";
import { median, range } from "./stats.ts";

/** One contender's figures on one scenario. */
export interface ContenderOutcome {
  readonly contender: string;
  /** Every measured sample, in round order. */
  readonly samples: Sample[];
  /** Per metric, the median over the samples. */
  readonly median: Figures;
  /** Per metric, median / the floor's median in this run (latency and throughput alike). */
  readonly ratio: Figures;
  /** Median calls per sample (below the scenario's count when the time budget capped it). */
  readonly calls: number;
  /** Per metric, the smallest and largest sample. */
  readonly spread: Partial<Record<MetricName, { min: number; max: number }>>;
  /** Why the contender has no (or fewer) samples: a failed or timed-out call. */
  readonly error?: string;
}

/** Every contender's figures on one scenario. */
export interface ScenarioOutcome {
  readonly id: string;
  readonly title: string;
  /** Calls an uncapped sample makes. */
  readonly calls: number;
  readonly primary: MetricName;
  readonly metrics: readonly MetricName[];
  readonly results: ContenderOutcome[];
}

/** How {@link runComparisons} runs. */
export interface RunOptions {
  /** Measured rounds of a scenario that does not set its own. */
  readonly rounds: number;
  /** Share of the counts each contender runs unrecorded before round 1 (0 = no warm-up). */
  readonly warmupFraction: number;
  /** A sample (or warm-up) taking longer fails that contender for the scenario. */
  readonly sampleTimeoutMs: number;
  /** The contender ratios are taken against. */
  readonly floor: string;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** The server process of a contender, for CPU per call (see cpu-time.ts); none, no figure. */
  readonly serverPidOf?: (contender: string) => number | undefined;
}

/**
 * The order of round `round`: a row of a Williams design (a Latin square balanced for who runs
 * right before whom). Over n rounds (2n when the count is odd, the second n reversed) every
 * contender runs in every position and right after every other contender equally often, so
 * whatever one leaves behind (garbage, a collector mid-cycle) lands on each of the others in turn.
 * A rotation reversed on odd rounds, used before, put each contender behind one of only two
 * neighbours: with 64 KiB messages fidl-ws ran right after the floor in 3 of 5 rounds and the
 * floor after fidl-ws in 1, and each inherited the other's garbage collection (its
 * mark-compacts per sample were highest in exactly those rounds, 4 runs).
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const shift = round % n;
  const row = williamsRow(n).map((i) => items[(i + shift) % n]!);
  return n % 2 === 1 && Math.floor(round / n) % 2 === 1 ? row.reverse() : row;
}

/** 0, 1, n−1, 2, n−2, 3, …: consecutive entries differ by every step 1 … n−1 once (n even). */
function williamsRow(n: number): number[] {
  const row: number[] = [];
  for (let k = 0; k < n; k++) row.push(k === 0 ? 0 : k % 2 === 1 ? (k + 1) / 2 : n - k / 2);
  return row;
}

/** Rejects after `ms` unless `promise` settles first; the timer never outlives the race. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function reduce(contender: string, samples: Sample[], metrics: readonly MetricName[], error: string | undefined): Omit<ContenderOutcome, "ratio"> {
  const med: Figures = {};
  const spread: ContenderOutcome["spread"] = {};
  for (const metric of metrics) {
    const values = samples.map((sample) => sample[metric]).filter((value): value is number => value !== undefined);
    if (values.length === 0) continue;
    med[metric] = median(values);
    spread[metric] = range(values);
  }
  const calls = median(samples.map((sample) => sample.calls ?? 0));
  const base = { contender, samples, median: med, spread, calls: Number.isNaN(calls) ? 0 : calls };
  return error === undefined ? base : { ...base, error };
}

/** Ratios of every metric of `outcome` to the same metric of `floor`. */
export function ratiosTo(floor: Figures | undefined, outcome: Figures, metrics: readonly MetricName[]): Figures {
  const ratio: Figures = {};
  if (floor === undefined) return ratio;
  for (const metric of metrics) {
    const value = outcome[metric];
    const base = floor[metric];
    if (value !== undefined && base !== undefined && base > 0) ratio[metric] = value / base;
  }
  return ratio;
}

/**
 * For each scenario: every contender warms up once, then each of its rounds (`scenario.rounds`,
 * else `options.rounds`) runs every contender once in the order {@link roundOrder} gives. A
 * contender whose sample throws or times out keeps the samples it has and sits out the rest of
 * that scenario. No GC is forced between samples: a forced full GC leaves V8 with tight heap
 * limits, and the samples after it ran at a higher CPU cost per call (with 64 KiB payloads, in a
 * regime of a mark-compact every few dozen calls).
 */
export async function runComparisons(contenders: readonly Contender[], scenarios: readonly Scenario[], options: RunOptions): Promise<ScenarioOutcome[]> {
  const log = options.log ?? (() => {});
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of scenarios) {
    const samples = new Map<string, Sample[]>(contenders.map((c) => [c.name, []]));
    const errors = new Map<string, string>();
    const attempt = async (contender: Contender, fraction: number, label: string): Promise<Sample | undefined> => {
      if (errors.has(contender.name)) return undefined;
      try {
        // CPU and mark-compacts are read only for scenarios that report them.
        const cpuAtStart = scenario.metrics.includes("cpuUsPerCall") ? readCpu(options.serverPidOf?.(contender.name)) : undefined;
        const reportsMarkCompacts = scenario.metrics.includes("markCompactsPer1kCalls");
        const what = `${scenario.id} ${label} of ${contender.name}`;
        // A contender whose clients run in a worker measures there and counts that heap's collections.
        const measured =
          contender.runSample !== undefined
            ? await withTimeout(contender.runSample(scenario.id, fraction), options.sampleTimeoutMs, what)
            : await measureSample(reportsMarkCompacts, () => withTimeout(scenario.run(contender, fraction), options.sampleTimeoutMs, what));
        const sample = measured.sample;
        const markCompactCount = reportsMarkCompacts ? measured.markCompacts : undefined;
        const calls = sample.calls ?? 0;
        const cpuUsPerCall = cpuMicrosPerCall(cpuAtStart, calls);
        return {
          ...sample,
          ...(cpuUsPerCall === undefined ? {} : { cpuUsPerCall }),
          ...(markCompactCount === undefined || calls <= 0 ? {} : { markCompactsPer1kCalls: (markCompactCount * 1000) / calls }),
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        errors.set(contender.name, message);
        log(`  ${scenario.id} ${contender.name}: ${label} failed: ${message}`);
        return undefined;
      }
    };
    log(`${scenario.id}: ${scenario.title}`);
    if (options.warmupFraction > 0) {
      for (const contender of contenders) await attempt(contender, options.warmupFraction, "warm-up");
    }
    const rounds = scenario.rounds ?? options.rounds;
    for (let round = 0; round < rounds; round++) {
      for (const contender of roundOrder(contenders, round)) {
        const sample = await attempt(contender, 1, `round ${round + 1}`);
        if (sample === undefined) continue;
        samples.get(contender.name)!.push(sample);
        log(`  round ${round + 1} ${contender.name}: ${scenario.primary} ${sample[scenario.primary]?.toFixed(1)}`);
      }
    }
    const reduced = contenders.map((c) => reduce(c.name, samples.get(c.name)!, scenario.metrics, errors.get(c.name)));
    const floor = reduced.find((r) => r.contender === options.floor)?.median;
    outcomes.push({
      id: scenario.id,
      title: scenario.title,
      calls: scenario.calls,
      primary: scenario.primary,
      metrics: scenario.metrics,
      results: reduced.map((r) => ({ ...r, ratio: ratiosTo(floor, r.median, scenario.metrics) })),
    });
  }
  return outcomes;
}
