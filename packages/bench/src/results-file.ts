// The JSON record of a run (bench/results/latest.json): machine, versions, every figure and ratio.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { BENCH_DIR } from "./child-server.ts";
import type { BenchConfig } from "./config.ts";
import type { MachineInfo } from "./machine.ts";
import type { SoloOutcome } from "./report.ts";
import type { ScenarioOutcome } from "./runner.ts";
import type { TargetCheck } from "./targets.ts";

/** Where results go unless `BENCH_OUT` says otherwise. */
export const DEFAULT_RESULTS_PATH = resolve(BENCH_DIR, "../../bench/results/latest.json");

/** Everything one run measured. Ratios are contender median / floor median in the same run. */
export interface BenchResults {
  readonly schema: 1;
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly config: BenchConfig;
  readonly machine: MachineInfo;
  readonly versions: Readonly<Record<string, string>>;
  readonly accelerators: { readonly msgpackrNative: boolean; readonly wsBufferutil: boolean };
  /** N for scenario C and how it was computed. */
  readonly largePayload: { readonly bytes: number; readonly computedWith: string };
  readonly contenders: readonly { readonly name: string; readonly description: string }[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  readonly scenarios: readonly ScenarioOutcome[];
  readonly fidlWsOnly: readonly SoloOutcome[];
  readonly targets: readonly TargetCheck[];
}

/** Writes `results` as pretty JSON to `path`, creating its folder. Returns the absolute path. */
export function writeResults(results: BenchResults, path: string = DEFAULT_RESULTS_PATH): string {
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, `${JSON.stringify(results, null, 2)}\n`);
  return absolute;
}
