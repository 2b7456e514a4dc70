// The worker side of the sync facade: imports the user module, builds its API object, runs each
// requested method on this thread's event loop and posts the outcome, waking the blocked caller.
import { workerData } from "node:worker_threads";
import { ZxError } from "../../zx/error.ts";
import { ZxStatus } from "../../zx/status.ts";
import { type Reply, type Request, type WorkerInit, serializeError } from "./protocol.ts";

const init = workerData as WorkerInit;
const counter = new Int32Array(init.state);
const port = init.port;

/** Posts a reply, then bumps the counter so the main thread's `Atomics.wait` returns. */
function post(reply: Reply): void {
  port.postMessage(reply);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

// A crash (uncaught exception, unhandled rejection, process.exit) must wake the caller with the
// cause rather than leave it blocked until its timeout.
let fatal: unknown;
let started = false;
process.on("uncaughtExceptionMonitor", (error) => {
  fatal = error;
});
process.on("exit", (code) => {
  if (!started && fatal === undefined) {
    // The loop ran dry while the export was still starting: its promise can never settle.
    fatal = new Error(`export "${init.exportName}" never settled and nothing was left to run`);
  }
  post({ kind: "exit", code, ...(fatal === undefined ? {} : { error: serializeError(fatal) }) });
});

/** The methods callers may use: functions on the object or its prototypes, not `_private`, not `close`. */
function publicMethods(api: object): string[] {
  const names = new Set<string>();
  for (let proto: object | null = api; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === "constructor" || name === "close" || name.startsWith("_")) continue;
      if (typeof (api as Record<string, unknown>)[name] === "function") names.add(name);
    }
  }
  return [...names].sort();
}

function isClass(value: unknown): value is new (...args: unknown[]) => object {
  return typeof value === "function" && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

async function start(): Promise<object> {
  const module = (await import(init.moduleUrl)) as Record<string, unknown>;
  if (!Object.hasOwn(module, init.exportName)) {
    throw new ZxError(ZxStatus.NOT_FOUND, `${init.moduleUrl} has no export "${init.exportName}"`);
  }
  const exported = module[init.exportName];
  let api: unknown;
  if (isClass(exported)) api = new exported(...init.args);
  else if (typeof exported === "function") api = await (exported as (...args: unknown[]) => unknown)(...init.args);
  else api = exported;
  if (typeof api !== "object" || api === null) {
    throw new ZxError(ZxStatus.WRONG_TYPE, `export "${init.exportName}" of ${init.moduleUrl} gave ${api === null ? "null" : typeof api}, not an object of methods`);
  }
  return api;
}

async function closeApi(api: Record<PropertyKey, unknown>): Promise<void> {
  for (const key of ["close", Symbol.asyncDispose, Symbol.dispose]) {
    const fn = api[key];
    if (typeof fn === "function") {
      await (fn as () => unknown).call(api);
      return;
    }
  }
}

function answer(id: number, run: () => unknown): void {
  Promise.resolve()
    .then(run)
    .then(
      (value) => {
        try {
          post({ kind: "result", id, value });
        } catch (error) {
          // The value could not be cloned (a function, a channel, a class with private state).
          const failure = new ZxError(ZxStatus.NOT_SUPPORTED, `the result cannot be sent back to the caller's thread: ${(error as Error).message}`);
          post({ kind: "error", id, error: serializeError(failure) });
        }
      },
      (error: unknown) => post({ kind: "error", id, error: serializeError(error) }),
    );
}

try {
  const api = (await start()) as Record<PropertyKey, unknown>;
  const methods = publicMethods(api);
  port.on("message", (request: Request) => {
    if (request.kind === "close") return answer(request.id, () => closeApi(api));
    answer(request.id, () => {
      if (!methods.includes(request.method)) {
        throw new ZxError(ZxStatus.NOT_FOUND, `no public method "${request.method}" in ${init.moduleUrl}`);
      }
      return Reflect.apply(api[request.method] as (...args: unknown[]) => unknown, api, request.args);
    });
  });
  started = true;
  post({ kind: "ready", methods });
} catch (error) {
  started = true;
  post({ kind: "start-failed", error: serializeError(error) });
}
