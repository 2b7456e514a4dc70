// The targets for fidl-ws, checked against one run's medians and ratios.
import { METRICS } from "./metrics.ts";
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
}

/**
 * Checks `subject` (fidl-ws) on every scenario: its primary ratio against {@link RATIO_TARGETS},
 * and that it beats every peer (contenders other than it and the floor) on the primary figure.
 * Returns nothing for scenarios where the subject has no figure.
 */
export function checkTargets(outcomes: readonly ScenarioOutcome[], subject: string, floor: string): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const outcome of outcomes) {
    const mine = outcome.results.find((r) => r.contender === subject)?.ratio[outcome.primary];
    if (mine === undefined) continue;
    const info = METRICS[outcome.primary];
    const target = RATIO_TARGETS[outcome.id];
    if (target !== undefined) {
      checks.push({
        scenario: outcome.id,
        requirement: `${info.label} ${target.op === "<=" ? "≤" : "≥"} ${target.value.toFixed(2)}× floor`,
        value: mine,
        met: target.op === "<=" ? mine <= target.value : mine >= target.value,
      });
    }
    let best: { name: string; ratio: number } | undefined;
    for (const result of outcome.results) {
      if (result.contender === subject || result.contender === floor) continue;
      const ratio = result.ratio[outcome.primary];
      if (ratio === undefined) continue;
      const better = best === undefined || (info.better === "lower" ? ratio < best.ratio : ratio > best.ratio);
      if (better) best = { name: result.contender, ratio };
    }
    if (best !== undefined) {
      checks.push({
        scenario: outcome.id,
        requirement: "ahead of every peer",
        value: mine,
        met: info.better === "lower" ? mine < best.ratio : mine > best.ratio,
        bestPeer: best,
      });
    }
  }
  return checks;
}
