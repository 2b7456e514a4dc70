// Renders a run as the markdown table printed to stdout (and pasted into the README).
import type { BenchConfig } from "./config.ts";
import type { MachineInfo } from "./machine.ts";
import { METRICS, type MetricName } from "./metrics.ts";
import type { ScenarioOutcome } from "./runner.ts";
import type { SoloTarget } from "./solo-scenario.ts";
import type { TargetCheck } from "./targets.ts";

/** A solo (fidl-ws-only) scenario's reduced figures. */
export interface SoloOutcome {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly target?: SoloTarget;
  readonly samples: number[];
  readonly median?: number;
  readonly met?: boolean;
  readonly details?: Readonly<Record<string, number>>;
  readonly error?: string;
}

/** What the markdown report needs. */
export interface ReportInput {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly config: BenchConfig;
  readonly machine: MachineInfo;
  readonly largePayloadBytes: number;
  readonly scenarios: readonly ScenarioOutcome[];
  readonly solo: readonly SoloOutcome[];
  readonly targets: readonly TargetCheck[];
  readonly skipped: readonly { name: string; reason: string }[];
}

/** A number with thousands separators and `digits` decimals. */
export function formatNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return "–";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A ratio as `1.02×`. */
export function formatRatio(value: number | undefined): string {
  return value === undefined ? "–" : `${value.toFixed(2)}×`;
}

function figure(metric: MetricName, value: number | undefined): string {
  const info = METRICS[metric];
  if (value === undefined) return "–";
  const number = formatNumber(value, info.digits);
  if (info.unit === info.label) return `${number} ${info.unit}`;
  return info.unit === "" ? `${info.label} ${number}` : `${info.label} ${number} ${info.unit}`;
}

function roundsText(config: BenchConfig): string {
  const short = config.shortSampleRounds === config.rounds ? "" : `, ${config.shortSampleRounds} for C and D`;
  return `${config.rounds} rounds${short}`;
}

/** The markdown report: header lines, the comparison table, solo scenarios, target checks. */
export function renderMarkdown(input: ReportInput): string {
  const { config, machine } = input;
  const lines: string[] = [];
  lines.push(
    `fidl-ws benchmark, ${input.startedAt}: scale ${config.scale}, ${roundsText(config)} (medians; contenders interleaved, ` +
      `order balanced so each runs after every other in turn), per-sample time budget ${formatNumber(config.sampleBudgetMs / 1000, 1)} s, ` +
      `largest one-message payload ${formatNumber(input.largePayloadBytes, 0)} bytes, run took ${formatNumber(input.durationSeconds, 0)} s.`,
  );
  lines.push(
    `Machine: ${machine.cpus} × ${machine.model}, ${formatNumber(machine.memoryBytes / 2 ** 30, 1)} GiB, Node ${machine.node}, ` +
      `load ${formatNumber(machine.loadAverage1m, 2)} at start.`,
  );
  for (const skipped of input.skipped) lines.push(`Skipped ${skipped.name}: ${skipped.reason}`);
  lines.push("");
  lines.push("| scenario | contender | figure | × floor | range over rounds | other figures |");
  lines.push("|---|---|---:|---:|---|---|");
  for (const outcome of input.scenarios) {
    for (const result of outcome.results) {
      const primary = outcome.primary;
      const spread = result.spread[primary];
      const digits = METRICS[primary].digits;
      const others = outcome.metrics
        .filter((metric) => metric !== primary)
        .map((metric) => `${figure(metric, result.median[metric])} (${formatRatio(result.ratio[metric])})`);
      if (result.calls > 0 && result.calls < outcome.calls) {
        others.push(`time-capped: ${formatNumber(result.calls, 0)} of ${formatNumber(outcome.calls, 0)} calls per round`);
      }
      if (result.error !== undefined) others.push(`failed: ${result.error}`);
      lines.push(
        `| ${outcome.id} ${outcome.title} | ${result.contender} | ${figure(primary, result.median[primary])} | ${formatRatio(result.ratio[primary])} | ` +
          `${spread === undefined ? "–" : `${formatNumber(spread.min, digits)}–${formatNumber(spread.max, digits)}`} | ${others.join(", ")} |`,
      );
    }
  }
  if (input.solo.length > 0) {
    lines.push("");
    lines.push("| fidl-ws only | median | target | met | details |");
    lines.push("|---|---:|---|---|---|");
    for (const solo of input.solo) {
      const target = solo.target === undefined ? "–" : `${solo.target.op} ${formatNumber(solo.target.value, 0)} ${solo.unit}`;
      const details = Object.entries(solo.details ?? {}).map(([key, value]) => `${key} ${formatNumber(value, 0)}`);
      if (solo.error !== undefined) details.push(`failed: ${solo.error}`);
      const value = solo.median === undefined ? "–" : `${formatNumber(solo.median, 1)} ${solo.unit}`;
      lines.push(`| ${solo.id} ${solo.title} | ${value} | ${target} | ${solo.met === undefined ? "–" : solo.met ? "yes" : "NO"} | ${details.join(", ")} |`);
    }
  }
  if (input.targets.length > 0) {
    lines.push("");
    lines.push("| target (fidl-ws) | scenario | fidl-ws × floor | best peer | met | rounds it held |");
    lines.push("|---|---|---:|---|---|---|");
    for (const check of input.targets) {
      const peer = check.bestPeer === undefined ? "–" : `${check.bestPeer.name} ${formatRatio(check.bestPeer.ratio)}`;
      const rounds = check.rounds === undefined || check.rounds.of === 0 ? "–" : `${check.rounds.met} of ${check.rounds.of}`;
      lines.push(`| ${check.requirement} | ${check.scenario} | ${formatRatio(check.value)} | ${peer} | ${check.met ? "yes" : "NO"} | ${rounds} |`);
    }
  }
  return lines.join("\n");
}
