// What the sync facade's two threads say to each other, and how errors cross between them with
// their zx status intact (structured clone alone would drop `status` and the class).
import type { MessagePort } from "node:worker_threads";
import { ZxError } from "../../zx/error.ts";

/** Handed to the worker in `workerData`. */
export interface WorkerInit {
  /** `file:` URL of the user module. */
  readonly moduleUrl: string;
  /** Name of the export to start: an async factory, a class, or a ready object. */
  readonly exportName: string;
  readonly args: readonly unknown[];
  /** Int32Array[0] counts replies; the main thread `Atomics.wait`s on it. */
  readonly state: SharedArrayBuffer;
  /** The worker's end of the reply channel (requests come the same way). */
  readonly port: MessagePort;
}

/** Main thread → worker. */
export type Request =
  | { readonly kind: "call"; readonly id: number; readonly method: string; readonly args: readonly unknown[] }
  | { readonly kind: "close"; readonly id: number };

/** Worker → main thread. Every reply is followed by a bump of the shared counter. */
export type Reply =
  | { readonly kind: "ready"; readonly methods: readonly string[] }
  | { readonly kind: "start-failed"; readonly error: SerializedError }
  | { readonly kind: "result"; readonly id: number; readonly value: unknown }
  | { readonly kind: "error"; readonly id: number; readonly error: SerializedError }
  | { readonly kind: "exit"; readonly code: number; readonly error?: SerializedError };

/** An error flattened to cloneable data. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** Present for a ZxError (and subclasses): its status and message without the prefix. */
  readonly status?: number;
  readonly rawMessage?: string;
  /** A Node-style `code` string, e.g. `ERR_MODULE_NOT_FOUND`. */
  readonly code?: string;
  readonly cause?: SerializedError;
}

/** Flattens any thrown value (depth-limited through `cause`). */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: `non-Error value thrown: ${String(error)}` };
  const code = (error as { code?: unknown }).code;
  const cause = depth < 4 && error.cause !== undefined ? serializeError(error.cause, depth + 1) : undefined;
  return {
    name: error.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(error instanceof ZxError ? { status: error.status, rawMessage: error.rawMessage } : {}),
    ...(typeof code === "string" ? { code } : {}),
    ...(cause === undefined ? {} : { cause }),
  };
}

// Only these constructors are rebuilt by name; anything else becomes an Error carrying the name.
const errorClasses: Readonly<Record<string, new (message: string) => Error>> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/**
 * Rebuilds a thrown error on this side: a ZxError keeps its status, message and name; other
 * errors keep their class (for the built-in ones), name, message and `code`. The stack is the
 * remote one, where the error happened.
 */
export function deserializeError(data: SerializedError): Error {
  const options = data.cause === undefined ? {} : { cause: deserializeError(data.cause) };
  let error: Error;
  if (data.status !== undefined) {
    error = new ZxError(data.status, data.rawMessage ?? data.message, options);
  } else {
    const ErrorClass = Object.hasOwn(errorClasses, data.name) ? errorClasses[data.name]! : Error;
    error = new ErrorClass(data.message);
    if (options.cause !== undefined) error.cause = options.cause;
  }
  if (error.name !== data.name) Object.defineProperty(error, "name", { value: data.name, configurable: true, writable: true });
  if (data.code !== undefined) Object.defineProperty(error, "code", { value: data.code, configurable: true, writable: true });
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
