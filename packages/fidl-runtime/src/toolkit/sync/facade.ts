// The synchronous facade: plain synchronous code calls async code (a generated FIDL client, a
// device connection) and gets the result. The async code runs on a worker thread's event loop;
// the caller blocks in Atomics.wait until the worker posts the outcome — the technique of
// `synckit`, and the JavaScript answer to the doc's loop-owning class and `_asyncmethod`.
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { ZxError } from "../../zx/error.ts";
import { ZxStatus } from "../../zx/status.ts";
import { type Reply, type Request, type WorkerInit, deserializeError } from "./protocol.ts";

/** Names of `Api`'s callable methods: string keys, not `_private`, not `close` (the facade's own). */
export type SyncMethodName<Api> = {
  [K in keyof Api]: K extends `_${string}` | "close"
    ? never
    : K extends string
      ? Api[K] extends (...args: never[]) => unknown
        ? K
        : never
      : never;
}[keyof Api];

/** The parameters of a method. */
export type SyncArgs<F> = F extends (...args: infer A) => unknown ? A : never;
/** What a method's promise resolves to: what its synchronous form returns. */
export type SyncResult<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/** `Api` with every public method made synchronous: `echo(v): Promise<string>` becomes `echo(v): string`. */
export type Synchronous<Api> = { [K in SyncMethodName<Api>]: (...args: SyncArgs<Api[K]>) => SyncResult<Api[K]> };

/** Options for {@link SyncWorker} and {@link SyncFacade.start}. */
export interface SyncWorkerOptions {
  /**
   * The export to start: an async factory function (called with `args`, its result is the API),
   * a class (constructed with `args`), or an object. Default `"default"`.
   */
  export?: string;
  /** Arguments for the factory or constructor; structured-cloned into the worker. */
  args?: readonly unknown[];
  /** Per-call bound in ms; past it the call throws ZX_ERR_TIMED_OUT. Default 30,000; `Infinity` to disable. */
  timeoutMs?: number;
  /** Bound for importing the module and building the API. Default 30,000 ms. */
  startTimeoutMs?: number;
  /** Bound for the API's own `close()` at teardown. Default 5,000 ms. */
  closeTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

// The worker runs TypeScript sources, so it registers tsx's loader before importing anything.
// Resolved here (not in the worker) so it is found from this package whatever the worker's cwd.
const workerMainUrl = new URL("./worker.ts", import.meta.url).href;
function bootstrapSource(): string {
  let tsxApi: string | undefined;
  try {
    tsxApi = import.meta.resolve("tsx/esm/api");
  } catch {
    tsxApi = undefined; // Compiled JavaScript needs no loader.
  }
  const register = tsxApi === undefined ? "Promise.resolve()" : `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.register())`;
  // If the loader or the worker module itself fails to load, nothing else can wake the caller.
  return `${register}.then(() => import(${JSON.stringify(workerMainUrl)})).catch((error) => {
  const { workerData } = require("node:worker_threads");
  workerData.port.postMessage({ kind: "start-failed", error: { name: String(error && error.name), message: String(error && error.message), stack: String(error && error.stack) } });
  const counter = new Int32Array(workerData.state);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
});`;
}

function toModuleUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (/^(file|data):/.test(module)) return module;
  if (isAbsolute(module)) return pathToFileURL(module).href;
  throw new ZxError(
    ZxStatus.INVALID_ARGS,
    `sync facade module "${module}" must be a URL or an absolute path, e.g. new URL("./api.ts", import.meta.url)`,
  );
}

/**
 * A worker thread running one user module, called synchronously. The constructor blocks until
 * the module is imported and its API built (or throws the error that prevented it, with its
 * status). {@link call} blocks until the method's promise settles on the worker: it returns the
 * value or throws the error (a ZxError keeps its status and message across the thread hop).
 *
 * Subclass it to write the doc's loop-owning class — each public method of the subclass is a
 * synchronous front for a method running on the worker's loop:
 *
 * ```ts
 * class FidlInstance extends SyncWorker<EchoApi> {
 *   constructor(target: string) { super(new URL("./echo-api.ts", import.meta.url), { args: [target] }); }
 *   echo(value: string): string { return this.call("echoString", value); }
 * }
 * using inst = new FidlInstance("ws://127.0.0.1:1234");
 * console.log(inst.echo("foobar"));
 * ```
 *
 * Limits, by construction:
 * - Arguments and results are structured-cloned: plain data, Uint8Array, Map, Date, errors… but
 *   no functions, class instances with behaviour, or FIDL channels. A channel cannot cross threads,
 *   so the worker owns the device connection and the clients built on it.
 * - While a call runs, the calling thread is blocked: its timers, sockets and promises wait
 *   (including the worker's console output, which is relayed through it). Use the facade from
 *   synchronous code only, never from inside an event-loop task that must stay responsive.
 * - A timed-out call keeps running on the worker; its late outcome is discarded.
 * - A worker that crashes wakes the caller with ZX_ERR_PEER_CLOSED and the cause; one that dies
 *   without running its exit hooks is caught by the per-call timeout.
 */
export class SyncWorker<Api extends object = object> implements Disposable {
  /** The API's callable methods, as the worker found them (sorted). */
  readonly methods: readonly string[];
  /** The user module's URL, for messages. */
  readonly moduleUrl: string;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #counter: Int32Array;
  readonly #timeoutMs: number;
  readonly #closeTimeoutMs: number;
  readonly #label: string;
  #nextId = 1;
  #closed = false;
  /** Set once the worker has exited: why later calls fail. */
  #death: ZxError | undefined;

  /** Starts the worker and blocks until its API is ready; throws what prevented it. */
  constructor(module: string | URL, options: SyncWorkerOptions = {}) {
    this.moduleUrl = toModuleUrl(module);
    this.#label = this.moduleUrl.slice(this.moduleUrl.lastIndexOf("/") + 1);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    const state = new SharedArrayBuffer(4);
    this.#counter = new Int32Array(state);
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    const init: WorkerInit = {
      moduleUrl: this.moduleUrl,
      exportName: options.export ?? "default",
      args: options.args ?? [],
      state,
      port: port2,
    };
    try {
      this.#worker = new Worker(bootstrapSource(), { eval: true, workerData: init, transferList: [port2] });
    } catch (error) {
      port1.close();
      throw new ZxError(ZxStatus.INVALID_ARGS, `cannot start a sync facade worker for ${this.#label}: ${(error as Error).message}`, { cause: error });
    }
    // The worker never keeps the process alive, and its crash is reported through the port:
    // without a listener, its 'error' event would be rethrown on this thread.
    this.#worker.unref();
    this.#worker.on("error", () => {});
    try {
      const reply = this.#receive((r) => r.kind === "ready" || r.kind === "start-failed", options.startTimeoutMs ?? DEFAULT_TIMEOUT_MS, "start");
      if (reply.kind === "start-failed") throw deserializeError(reply.error);
      this.methods = reply.kind === "ready" ? reply.methods : [];
    } catch (error) {
      this.#terminate();
      throw error;
    }
  }

  /** True once {@link close} was called or the worker died. */
  get closed(): boolean {
    return this.#closed || this.#death !== undefined;
  }

  /** Calls `method` on the worker's API and blocks until it settles (bounded by `timeoutMs`). */
  call<K extends SyncMethodName<Api>>(method: K, ...args: SyncArgs<Api[K]>): SyncResult<Api[K]> {
    return this.callWithTimeout(this.#timeoutMs, method, ...args);
  }

  /** {@link call} with its own bound in ms (`Infinity` for none); past it, ZX_ERR_TIMED_OUT. */
  callWithTimeout<K extends SyncMethodName<Api>>(timeoutMs: number, method: K, ...args: SyncArgs<Api[K]>): SyncResult<Api[K]> {
    const what = `${method}()`;
    if (this.#closed) throw new ZxError(ZxStatus.BAD_STATE, `sync facade for ${this.#label} is closed; cannot call ${what}`);
    if (this.#death !== undefined) throw this.#death;
    if (!this.methods.includes(method)) {
      throw new ZxError(ZxStatus.NOT_FOUND, `${this.#label} has no public method "${method}" (it has: ${this.methods.join(", ") || "none"})`);
    }
    return this.#request({ kind: "call", id: this.#nextId++, method, args }, timeoutMs, what) as SyncResult<Api[K]>;
  }

  /**
   * Tears down: calls the API's own `close()` (or `[Symbol.asyncDispose]`/`[Symbol.dispose]`)
   * on the worker, bounded by `closeTimeoutMs`, then terminates the worker. Idempotent. If the
   * API's close failed, that error is thrown — after the worker is gone.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#death === undefined) this.#request({ kind: "close", id: this.#nextId++ }, this.#closeTimeoutMs, "close()");
    } finally {
      this.#terminate();
    }
  }

  /** `using facade = ...` closes it when the block exits. */
  [Symbol.dispose](): void {
    this.close();
  }

  #request(request: Request, timeoutMs: number, what: string): unknown {
    try {
      this.#port.postMessage(request);
    } catch (error) {
      throw new ZxError(ZxStatus.INVALID_ARGS, `arguments of ${what} cannot be sent to the worker: ${(error as Error).message}`, { cause: error });
    }
    const reply = this.#receive((r) => (r.kind === "result" || r.kind === "error") && r.id === request.id, timeoutMs, what);
    if (reply.kind === "error") throw deserializeError(reply.error);
    return reply.kind === "result" ? reply.value : undefined;
  }

  /** Blocks until a reply matching `wanted` arrives, the worker exits, or `timeoutMs` passes. */
  #receive(wanted: (reply: Reply) => boolean, timeoutMs: number, what: string): Reply {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      // Read the counter before draining: a reply posted after the drain changes it, so the
      // wait below returns at once instead of missing the wake-up.
      const seen = Atomics.load(this.#counter, 0);
      for (let message = receiveMessageOnPort(this.#port); message !== undefined; message = receiveMessageOnPort(this.#port)) {
        const reply = message.message as Reply;
        if (reply.kind === "exit") {
          const cause = reply.error === undefined ? undefined : deserializeError(reply.error);
          const why = cause === undefined ? "" : `: ${cause.message}`;
          this.#death = new ZxError(
            ZxStatus.PEER_CLOSED,
            `sync facade worker for ${this.#label} exited with code ${reply.code} during ${what}${why}`,
            cause === undefined ? {} : { cause },
          );
          this.#terminate();
          throw this.#death;
        }
        if (wanted(reply)) return reply;
        // Anything else is the late reply of a call that timed out: dropped.
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        throw new ZxError(ZxStatus.TIMED_OUT, `${this.#label} ${what} did not answer within ${timeoutMs} ms`);
      }
      Atomics.wait(this.#counter, 0, seen, remaining);
    }
  }

  #terminate(): void {
    this.#port.close();
    this.#worker.terminate().catch(() => {});
  }
}

/** Teardown for a {@link SyncFacade}. */
export interface SyncFacadeControl extends Disposable {
  /** Closes the API on the worker, then terminates the worker; see {@link SyncWorker.close}. */
  close(): void;
}

/** What {@link SyncFacade.start} returns: the API's public methods, synchronous, plus `close()`. */
export type SyncFacade<Api> = Synchronous<Api> & SyncFacadeControl;

/** Builds synchronous facades; see {@link SyncFacade.start}. */
export const SyncFacade = {
  /**
   * Starts a worker running `module` and returns an object whose methods are `Api`'s public
   * methods made synchronous — every call blocks until the worker's promise settles, then
   * returns its value or throws its error (ZxError statuses preserved). The export may be an
   * async factory, or a class whose public methods are exposed (the doc's `_asyncmethod`
   * class: names starting with `_` stay private). `close()` / `using` tears it down.
   *
   * ```ts
   * using echo = SyncFacade.start<EchoApi>(new URL("./echo-api.ts", import.meta.url), { args: [url] });
   * console.log(echo.echoString("hi")); // synchronous
   * ```
   */
  start<Api extends object>(module: string | URL, options: SyncWorkerOptions = {}): SyncFacade<Api> {
    const worker = new SyncWorker<Api>(module, options);
    const facade: Record<string, unknown> = {};
    for (const method of worker.methods) {
      facade[method] = (...args: unknown[]) => (worker.call as (method: string, ...args: unknown[]) => unknown)(method, ...args);
    }
    const close = (): void => worker.close();
    Object.defineProperty(facade, "close", { value: close, enumerable: false });
    Object.defineProperty(facade, Symbol.dispose, { value: close, enumerable: false });
    return facade as SyncFacade<Api>;
  },
};
