// The targets for fidl-ws, checked against one run's medians and ratios.
import { METRICS, type MetricName, type Sample } from "./metrics.ts";
import type { ScenarioOutcome } from "./runner.ts";

/** The ratio bounds on each scenario's primary figure (contender / floor). */
export const RATIO_TARGETS: Readonly<Record<string, { op: "<=" | ">="; value: number }>> = {
  A: { op: "<=", value: 1.05 },
  B: { op: ">=", value: 0.9 },
  "C-seq": { op: ">=", value: 0.9 },
  "C-16": { op: ">=", value: 0.9 },
  D: { op: ">=", value: 0.9 },
};

/** One target's verdict. */
export interface TargetCheck {
  readonly scenario: string;
  /** e.g. `p50 ≤ 1.05× floor` or `ahead of every peer`. */
  readonly requirement: string;
  /** The figure judged (a ratio, or the contender's margin over the best peer as a ratio). */
  readonly value: number;
  readonly met: boolean;
  /** For "ahead of every peer": the best peer and its primary ratio. */
  readonly bestPeer?: { name: string; ratio: number };
  /**
   * The same test round by round, each round's samples against each other (contenders run
   * interleaved, so a round's samples met the same machine): in how many of the rounds both
   * sides have a sample it held. For "ahead of every peer" the other side is the best peer by
   * median (`bestPeer`). Medians of close contenders flip between runs; this says how close.
   */
  readonly rounds?: { readonly met: number; readonly of: number };
}

/** In how many rounds `holds(mine, theirs)` for the primary figures of the two sample lists. */
function tallyRounds(
  mine: readonly Sample[],
  theirs: readonly Sample[],
  metric: MetricName,
  holds: (mine: number, theirs: number) => boolean,
): { met: number; of: number } {
  let met = 0;
  let of = 0;
  for (let i = 0; i < Math.min(mine.length, theirs.length); i++) {
    const a = mine[i]![metric];
    const b = theirs[i]![metric];
    if (a === undefined || b === undefined || b <= 0) continue;
    of++;
    if (holds(a, b)) met++;
  }
  return { met, of };
}

/**
 * Checks `subject` (fidl-ws) on every scenario: its primary ratio against {@link RATIO_TARGETS},
 * and that it beats every peer (contenders other than it and the floor) on the primary figure.
 * Returns nothing for scenarios where the subject has no figure.
 */
export function checkTargets(outcomes: readonly ScenarioOutcome[], subject: string, floor: string): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const outcome of outcomes) {
    const metric = outcome.primary;
    const subjectResult = outcome.results.find((r) => r.contender === subject);
    const mine = subjectResult?.ratio[metric];
    if (subjectResult === undefined || mine === undefined) continue;
    const samplesOf = (name: string): readonly Sample[] => outcome.results.find((r) => r.contender === name)?.samples ?? [];
    const info = METRICS[metric];
    const ahead = (a: number, b: number): boolean => (info.better === "lower" ? a < b : a > b);
    const target = RATIO_TARGETS[outcome.id];
    if (target !== undefined) {
      const meets = (ratio: number): boolean => (target.op === "<=" ? ratio <= target.value : ratio >= target.value);
      checks.push({
        scenario: outcome.id,
        requirement: `${info.label} ${target.op === "<=" ? "≤" : "≥"} ${target.value.toFixed(2)}× floor`,
        value: mine,
        met: meets(mine),
        rounds: tallyRounds(subjectResult.samples, samplesOf(floor), metric, (a, b) => meets(a / b)),
      });
    }
    let best: { name: string; ratio: number } | undefined;
    for (const result of outcome.results) {
      if (result.contender === subject || result.contender === floor) continue;
      const ratio = result.ratio[metric];
      if (ratio === undefined) continue;
      if (best === undefined || ahead(ratio, best.ratio)) best = { name: result.contender, ratio };
    }
    if (best !== undefined) {
      checks.push({
        scenario: outcome.id,
        requirement: "ahead of every peer",
        value: mine,
        met: ahead(mine, best.ratio),
        bestPeer: best,
        rounds: tallyRounds(subjectResult.samples, samplesOf(best.name), metric, ahead),
      });
    }
  }
  return checks;
}
