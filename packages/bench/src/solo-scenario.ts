// The hook for fidl-ws-only scenarios (E channels' memory, F sync facade, G reboot): no peer, no ratio.
import type { BenchConfig } from "./config.ts";

/** A bound a solo figure must meet, e.g. `{ op: "<=", value: 2048 }` for E's bytes per channel. */
export interface SoloTarget {
  readonly op: "<" | "<=" | ">" | ">=";
  readonly value: number;
}

/** One measurement of a solo scenario. */
export interface SoloSample {
  /** The headline figure, in the scenario's `unit`. */
  readonly value: number;
  /** Supporting figures, printed and stored as given (e.g. `{ channels: 10000, heapBytes: ... }`). */
  readonly details?: Readonly<Record<string, number>>;
}

/**
 * A scenario only fidl-ws can run. The harness runs it `config.rounds` times (after one
 * unrecorded warm-up when `warmup` is true), reports the median, and checks `target`.
 */
export interface SoloScenario {
  /** `E`, `F`, `G`, ... */
  readonly id: string;
  readonly title: string;
  /** Unit of `SoloSample.value`, e.g. `bytes/channel`, `µs`, `ms`. */
  readonly unit: string;
  readonly target?: SoloTarget;
  /** Whether to run once unrecorded first (default true). */
  readonly warmup?: boolean;
  /** Measures once. Must clean up after itself (close channels, kill processes it started). */
  run(config: BenchConfig): Promise<SoloSample>;
}

/** True if `value` meets `target` (or there is no target). */
export function meetsTarget(value: number, target: SoloTarget | undefined): boolean {
  if (target === undefined) return true;
  switch (target.op) {
    case "<":
      return value < target.value;
    case "<=":
      return value <= target.value;
    case ">":
      return value > target.value;
    case ">=":
      return value >= target.value;
  }
}
