// `pnpm bench`: runs every contender against the floor, prints a markdown table, writes latest.json.
import { killAllChildren, liveChildCount } from "./child-server.ts";
import { benchCodec } from "./codec.ts";
import { type BenchConfig, configFromEnv } from "./config.ts";
import { type Contender, echo } from "./contender.ts";
import { createBirpcContender } from "./contenders/birpc.ts";
import { createCapnwebContender } from "./contenders/capnweb.ts";
import { createFloorContender } from "./contenders/floor.ts";
import { createGrpcContender } from "./contenders/grpc.ts";
import { createRpcWebsocketsContender } from "./contenders/rpc-websockets.ts";
import { isolatedContender } from "./isolated-contender.ts";
import { collectGarbage } from "./gc.ts";
import { accelerators, machineInfo, packageVersions } from "./machine.ts";
import { largestEchoPayload, makePayload, sameBytes } from "./payload.ts";
import { renderMarkdown, type SoloOutcome } from "./report.ts";
import { DEFAULT_RESULTS_PATH, writeResults } from "./results-file.ts";
import { runComparisons, withTimeout } from "./runner.ts";
import { loadOptionalContender, type OptionalContender } from "./optional-contender.ts";
import { comparisonScenarios } from "./scenarios.ts";
import { meetsTarget, type SoloScenario } from "./solo-scenario.ts";
import { median } from "./stats.ts";
import { checkTargets } from "./targets.ts";

const FLOOR = "floor";
const FIDL_WS = "fidl-ws";

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** N for scenario C, with the runtime's body codec when it loads, else the bench's identical mirror. */
async function largestPayload(): Promise<{ bytes: number; computedWith: string }> {
  try {
    const runtime = await import("@fidl-ws/runtime");
    return { bytes: largestEchoPayload(runtime.encodeBody), computedWith: "@fidl-ws/runtime encodeBody" };
  } catch (error) {
    log(`@fidl-ws/runtime does not load (${reason(error)}); sizing C with the bench codec, which mirrors its settings`);
    return { bytes: largestEchoPayload((body) => benchCodec.pack(body)), computedWith: "bench codec (runtime settings)" };
  }
}

/** Echoes a small and a large payload and compares every byte; throws naming the mismatch. */
async function verifyEcho(contender: Contender, largeBytes: number): Promise<void> {
  for (const payload of [makePayload(16, 3), makePayload(largeBytes, 5)]) {
    const echoed = await withTimeout(echo(contender, payload), 10_000, `${contender.name} echo check`);
    if (!sameBytes(payload, echoed)) throw new Error(`echo of ${payload.byteLength} bytes came back different (${echoed.byteLength} bytes)`);
  }
}

async function runSolo(scenarios: readonly SoloScenario[], config: BenchConfig): Promise<SoloOutcome[]> {
  const outcomes: SoloOutcome[] = [];
  for (const scenario of scenarios) {
    if (config.scenarios !== undefined && !config.scenarios.includes(scenario.id)) continue;
    log(`${scenario.id}: ${scenario.title}`);
    const base = { id: scenario.id, title: scenario.title, unit: scenario.unit, ...(scenario.target === undefined ? {} : { target: scenario.target }) };
    const samples: number[] = [];
    let details: Readonly<Record<string, number>> | undefined;
    try {
      if (scenario.warmup ?? true) await withTimeout(scenario.run(config), config.sampleTimeoutMs, `${scenario.id} warm-up`);
      for (let round = 0; round < config.rounds; round++) {
        collectGarbage();
        const sample = await withTimeout(scenario.run(config), config.sampleTimeoutMs, `${scenario.id} round ${round + 1}`);
        samples.push(sample.value);
        details = sample.details;
        log(`  round ${round + 1}: ${sample.value} ${scenario.unit}`);
      }
      const value = median(samples);
      outcomes.push({ ...base, samples, median: value, met: meetsTarget(value, scenario.target), ...(details === undefined ? {} : { details }) });
    } catch (error) {
      log(`  ${scenario.id} failed: ${reason(error)}`);
      outcomes.push({ ...base, samples, error: reason(error) });
    }
  }
  return outcomes;
}

async function main(): Promise<number> {
  const config = configFromEnv();
  const startedAt = new Date();
  const large = await largestPayload();
  // Skip even the import when BENCH_ONLY leaves fidl-ws out, so peers can be run on their own.
  const fidlWs: OptionalContender =
    config.only === undefined || config.only.includes(FIDL_WS)
      ? await loadOptionalContender(() => import("./contenders/fidl-ws.ts"), "src/contenders/fidl-ws.ts")
      : { solo: [] };
  const skipped: { name: string; reason: string }[] = [];
  if (fidlWs.skipped !== undefined) {
    skipped.push({ name: FIDL_WS, reason: fidlWs.skipped });
    log(`fidl-ws skipped: ${fidlWs.skipped}`);
  }
  // With BENCH_ISOLATE=1 each contender's clients run in a worker of their own
  // (isolated-contender.ts), created there by the same factory export; it runs here too, for the
  // name and description.
  const isolate = (create: () => Contender, file: string, factory = create.name): Contender => {
    const contender = create();
    if (!config.isolateClients) return contender;
    const module = new URL(file, import.meta.url);
    return isolatedContender({ name: contender.name, description: contender.description, module, factory }, config, large.bytes);
  };
  const fidlWsContender = fidlWs.contender;
  const candidates = [
    isolate(createFloorContender, "./contenders/floor.ts"),
    ...(fidlWsContender === undefined ? [] : [isolate(() => fidlWsContender, "./contenders/fidl-ws.ts", "createContender")]),
    isolate(createCapnwebContender, "./contenders/capnweb.ts"),
    isolate(createRpcWebsocketsContender, "./contenders/rpc-websockets.ts"),
    isolate(createBirpcContender, "./contenders/birpc.ts"),
    isolate(createGrpcContender, "./contenders/grpc.ts"),
  ].filter((c) => c.name === FLOOR || config.only === undefined || config.only.includes(c.name));

  const running: Contender[] = [];
  const serverPids = new Map<string, number>();
  try {
    for (const contender of candidates) {
      try {
        const handles = await contender.start();
        await verifyEcho(contender, large.bytes);
        running.push(contender);
        serverPids.set(contender.name, handles.pid);
        log(`started ${contender.name} (server pid ${handles.pid}, port ${handles.port})`);
      } catch (error) {
        await contender.stop();
        if (contender.name === FLOOR) throw new Error(`the floor did not start, so nothing can be compared: ${reason(error)}`);
        skipped.push({ name: contender.name, reason: reason(error) });
        log(`${contender.name} skipped: ${reason(error)}`);
      }
    }
    const scenarios = comparisonScenarios(config, large.bytes).filter((s) => config.scenarios === undefined || config.scenarios.includes(s.id));
    const outcomes = await runComparisons(running, scenarios, {
      rounds: config.rounds,
      warmupFraction: config.warmupFraction,
      sampleTimeoutMs: config.sampleTimeoutMs,
      floor: FLOOR,
      log,
      serverPidOf: (name) => serverPids.get(name),
    });
    const hasFidlWs = running.some((c) => c.name === FIDL_WS);
    const solo = hasFidlWs ? await runSolo(fidlWs.solo, config) : [];
    const targets = checkTargets(outcomes, FIDL_WS, FLOOR);
    const durationSeconds = (Date.now() - startedAt.getTime()) / 1000;
    const report = { startedAt: startedAt.toISOString(), durationSeconds, config, machine: machineInfo(), largePayloadBytes: large.bytes, scenarios: outcomes, solo, targets, skipped };
    process.stdout.write(`${renderMarkdown(report)}\n`);
    const path = writeResults(
      {
        schema: 1,
        startedAt: report.startedAt,
        durationSeconds,
        config,
        machine: report.machine,
        versions: packageVersions(),
        accelerators: accelerators(),
        largePayload: large,
        contenders: running.map((c) => ({ name: c.name, description: c.description })),
        skipped,
        scenarios: outcomes,
        fidlWsOnly: solo,
        targets,
      },
      config.out ?? DEFAULT_RESULTS_PATH,
    );
    log(`wrote ${path}`);
    return 0;
  } finally {
    await Promise.allSettled(running.map((c) => c.stop()));
    if (liveChildCount() > 0) killAllChildren();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Every socket is closed by now; if a library still holds a handle, do not hang the shell.
    setTimeout(() => process.exit(code), 3_000).unref();
  },
  (error: unknown) => {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killAllChildren();
    process.exit(1);
  },
);
