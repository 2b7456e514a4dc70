// The worker side of an isolated contender: creates the contender's client here, in a V8 heap of
// its own, and runs whole samples on request (see isolated-contender.ts).
import { parentPort, workerData } from "node:worker_threads";
import type { BenchConfig } from "./config.ts";
import { type Contender, echo } from "./contender.ts";
import { measureSample } from "./gc-count.ts";
import { comparisonScenarios } from "./scenarios.ts";

/** What the main thread hands the worker when it creates it. */
export interface ContenderWorkerData {
  /** Module URL of the contender file. */
  readonly module: string;
  /** Its export that creates the contender, e.g. `createFloorContender`. */
  readonly factory: string;
  readonly config: BenchConfig;
  readonly largePayloadBytes: number;
}

/** What the main thread asks of the worker. */
export type ContenderRequestBody =
  | { readonly op: "start" | "stop" }
  | { readonly op: "call"; readonly payload: Uint8Array }
  | { readonly op: "sample"; readonly scenario: string; readonly fraction: number };

/** A request as sent; `id` pairs it with its reply. */
export type ContenderRequest = ContenderRequestBody & { readonly id: number };

/** The reply to a request: its value, or the error's message. */
export type ContenderReply = { readonly id: number; readonly value: unknown } | { readonly id: number; readonly error: string };

const data = workerData as ContenderWorkerData;
const port = parentPort!;
const module = (await import(data.module)) as Record<string, unknown>;
const factory = module[data.factory];
if (typeof factory !== "function") throw new Error(`${data.module} has no function ${data.factory}`);
const contender = (factory as () => Contender)();
const scenarios = new Map(comparisonScenarios(data.config, data.largePayloadBytes).map((scenario) => [scenario.id, scenario]));

async function handle(request: ContenderRequest): Promise<unknown> {
  switch (request.op) {
    case "start":
      return { name: contender.name, handles: await contender.start() };
    case "call":
      return echo(contender, request.payload);
    case "sample": {
      const scenario = scenarios.get(request.scenario);
      if (scenario === undefined) throw new Error(`no scenario ${request.scenario}`);
      return measureSample(true, () => scenario.run(contender, request.fraction));
    }
    case "stop":
      return contender.stop();
  }
}

port.on("message", (request: ContenderRequest) => {
  handle(request).then(
    (value) => port.postMessage({ id: request.id, value } satisfies ContenderReply),
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ContenderReply),
  );
});
port.postMessage({ id: 0, value: "ready" } satisfies ContenderReply);
