// A contender whose clients run in a worker thread of their own, with their own V8 heap
// (`BENCH_ISOLATE=1`; by default every contender's clients share the harness's heap).
//
// Sharing, each client pays for the others: their modules lengthen every mark-compact, and the
// garbage one contender leaves can start collections inside the next one's sample. With 64 KiB
// messages, where V8's marking is most of a client's CPU time, which collections a client meets
// depends on what else lives in its heap, so the bench can take either view. The server stays a
// child process, spawned from the worker; process CPU time still covers the client, since one
// sample runs at a time.
import { Worker } from "node:worker_threads";
import type { BenchConfig } from "./config.ts";
import { type Contender, type ContenderHandles, type EchoConnection, type MeasuredSample, payloadItself } from "./contender.ts";
import type { ContenderReply, ContenderRequestBody, ContenderWorkerData } from "./contender-worker.ts";

/** Which contender to create in the worker: the module and its factory export. */
export interface IsolatedContenderSpec {
  /** The contender's name, as its factory names it (checked when it starts). */
  readonly name: string;
  readonly description: string;
  /** Module URL of the contender file, e.g. `new URL("./contenders/floor.ts", import.meta.url)`. */
  readonly module: URL;
  /** The export that creates the contender, e.g. `createFloorContender`. */
  readonly factory: string;
}

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

/**
 * Loads tsx in the worker first (the harness runs TypeScript under tsx, and a worker starts
 * without its hooks), then the worker module.
 */
function bootstrapSource(): string {
  const tsx = import.meta.resolve("tsx/esm/api");
  const worker = new URL("./contender-worker.ts", import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(worker)}))`;
}

/**
 * A Contender backed by a worker: `start()` creates the worker (which creates the contender and
 * starts its server), `runSample` runs whole samples there, `call` echoes through the worker's
 * main client (for the harness's echo check), `stop()` stops the contender and ends the worker.
 */
export function isolatedContender(spec: IsolatedContenderSpec, config: BenchConfig, largePayloadBytes: number): Contender {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error): void => {
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };

  const request = (body: ContenderRequestBody): Promise<unknown> => {
    if (worker === undefined) return Promise.reject(new Error(`${spec.name}: not started`));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker!.postMessage({ id, ...body });
    });
  };

  const onReply = (reply: ContenderReply): void => {
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return;
    pending.delete(reply.id);
    if ("error" in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.value);
  };

  const startWorker = (): Promise<void> => {
    const workerData: ContenderWorkerData = { module: spec.module.href, factory: spec.factory, config, largePayloadBytes };
    const created = new Worker(bootstrapSource(), { eval: true, workerData });
    worker = created;
    return new Promise((resolve, reject) => {
      // Id 0 is the worker's "ready"; a worker that dies fails whatever waits on it.
      pending.set(0, { resolve: () => resolve(), reject });
      created.on("message", onReply);
      created.on("error", (error) => failAll(new Error(`${spec.name} worker failed: ${error.message}`)));
      created.on("exit", (code) => failAll(new Error(`${spec.name} worker exited (code ${code})`)));
    });
  };

  const endWorker = async (): Promise<void> => {
    const ending = worker;
    worker = undefined;
    await ending?.terminate();
  };

  return {
    name: spec.name,
    description: spec.description,
    async start(): Promise<ContenderHandles> {
      if (worker !== undefined) throw new Error(`${spec.name}: already started`);
      try {
        await startWorker();
        const started = (await request({ op: "start" })) as { name: string; handles: ContenderHandles };
        if (started.name !== spec.name) throw new Error(`${spec.factory} creates ${started.name}, not ${spec.name}`);
        return started.handles;
      } catch (error) {
        await endWorker();
        throw error;
      }
    },
    // The worker sends back the echoed payload itself (its own contender's `echo`).
    call: (payload) => request({ op: "call", payload }),
    echoed: payloadItself,
    connectMany(): Promise<EchoConnection[]> {
      return Promise.reject(new Error(`${spec.name}: its connections live in its worker; run samples with runSample`));
    },
    runSample: (scenarioId, fraction) => request({ op: "sample", scenario: scenarioId, fraction }) as Promise<MeasuredSample>,
    async stop(): Promise<void> {
      if (worker === undefined) return;
      try {
        await request({ op: "stop" });
      } finally {
        await endWorker();
      }
    },
  };
}
