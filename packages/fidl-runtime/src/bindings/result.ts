// Result unions of error-syntax and flexible two-way methods: typed domain and framework errors,
// the result object callers switch on, and the promise that can also unwrap.
import { ZxStatus } from "../zx/status.ts";
import { FidlError } from "./errors.ts";

/** A value or a promise of it: what handlers may return. */
export type MaybePromise<T> = T | PromiseLike<T>;

/** Framework error codes of RFC-0138 (`fidl.FrameworkErr`). */
export const FrameworkErrorCode = {
  /** The peer does not know the (flexible) method. */
  UNKNOWN_METHOD: -2,
} as const;
/** A framework error code, e.g. `-2` (UNKNOWN_METHOD). */
export type FrameworkErrorCode = (typeof FrameworkErrorCode)[keyof typeof FrameworkErrorCode];

// Checked by brand, not `instanceof` (see isInvalid in validate.ts): servers ask of every reply.
const RESULT_VARIANT: unique symbol = Symbol("fidl-ws.resultVariant");

/**
 * The framework-error variant of a result union, as a value a server handler can return
 * (`return FrameworkError.UNKNOWN_METHOD`), like Fuchsia Controller's `FrameworkError`.
 */
export class FrameworkError {
  /** The method is unknown to the server. */
  static readonly UNKNOWN_METHOD = new FrameworkError(FrameworkErrorCode.UNKNOWN_METHOD);

  private constructor(readonly code: FrameworkErrorCode) {}

  /** @internal See {@link isFrameworkError}. */
  get [RESULT_VARIANT](): "framework_err" {
    return "framework_err";
  }

  /** The code's name, e.g. `UNKNOWN_METHOD`. */
  get codeName(): string {
    return frameworkErrorName(this.code);
  }

  toString(): string {
    return `FrameworkError.${this.codeName}`;
  }

  /** The FrameworkError for a wire code, or `undefined` for a code this runtime does not know. */
  static fromCode(code: unknown): FrameworkError | undefined {
    return code === FrameworkErrorCode.UNKNOWN_METHOD ? FrameworkError.UNKNOWN_METHOD : undefined;
  }
}

/**
 * The domain-error variant of a result union (`error E`). A server handler returns (or throws)
 * `new DomainError(e)` to reply `{ err: e }`.
 */
export class DomainError<E> {
  constructor(readonly error: E) {}

  /** @internal See {@link isDomainError}. */
  get [RESULT_VARIANT](): "err" {
    return "err";
  }

  toString(): string {
    return `DomainError(${formatValue(this.error)})`;
  }
}

/** @internal `value instanceof DomainError`, by brand. */
export function isDomainError(value: unknown): value is DomainError<unknown> {
  return resultVariantOf(value) === "err";
}

/** @internal `value instanceof FrameworkError`, by brand. */
export function isFrameworkError(value: unknown): value is FrameworkError {
  return resultVariantOf(value) === "framework_err";
}

function resultVariantOf(value: unknown): unknown {
  return typeof value === "object" && value !== null ? (value as { [RESULT_VARIANT]?: unknown })[RESULT_VARIANT] : undefined;
}

/** Which variant a {@link FidlResult} holds. */
export type FidlResultKind = "response" | "err" | "frameworkErr";

/**
 * What a result-union method resolves to: exactly one of `response` (the payload; `undefined`
 * for `-> ()`), `err` (the domain error) or `frameworkErr`, tagged by `kind`. `unwrap()` returns
 * the payload or throws a {@link FidlError} (`DOMAIN_ERROR` / `FRAMEWORK_ERROR`) whose message
 * says "error" or "framework error" and whose `cause` is the {@link DomainError} /
 * {@link FrameworkError}. Transport failures never become results: the promise rejects.
 */
export type FidlResult<T, E> =
  | {
      readonly kind: "response";
      readonly response: T;
      readonly err?: undefined;
      readonly frameworkErr?: undefined;
      unwrap(): T;
    }
  | {
      readonly kind: "err";
      readonly response?: undefined;
      readonly err: E;
      readonly frameworkErr?: undefined;
      unwrap(): T;
    }
  | {
      readonly kind: "frameworkErr";
      readonly response?: undefined;
      readonly err?: undefined;
      readonly frameworkErr: FrameworkErrorCode;
      unwrap(): T;
    };

/**
 * The promise a result-union method returns: await it for a {@link FidlResult}, or call
 * `.unwrap()` on it for a promise of the payload that rejects on `err` / `frameworkErr`:
 * `const { value } = await client.foo(req).unwrap();`.
 */
export interface ResultPromise<T, E> extends Promise<FidlResult<T, E>> {
  /** The payload; rejects with a FidlError on a domain or framework error (or a transport error). */
  unwrap(): Promise<T>;
}

// One class for all three variants; only the variant's own key is set, so `"err" in result`
// and JSON/inspect output show exactly what arrived.
class Result {
  declare readonly kind: FidlResultKind;
  declare readonly response?: unknown;
  declare readonly err?: unknown;
  declare readonly frameworkErr?: FrameworkErrorCode;
  readonly #protocol: string;
  readonly #method: string;

  constructor(kind: FidlResultKind, value: unknown, protocol: string, method: string) {
    this.#protocol = protocol;
    this.#method = method;
    const self = this as { kind: FidlResultKind } & Record<string, unknown>;
    self.kind = kind;
    self[kind] = value;
  }

  unwrap(): unknown {
    switch (this.kind) {
      case "response":
        return this.response;
      case "err": {
        const cause = new DomainError(this.err);
        throw new FidlError(ZxStatus.INTERNAL, "DOMAIN_ERROR", `result error: ${formatValue(this.err)}`, {
          protocol: this.#protocol,
          method: this.#method,
          cause,
        });
      }
      case "frameworkErr": {
        const code = this.frameworkErr as FrameworkErrorCode;
        throw new FidlError(
          ZxStatus.NOT_SUPPORTED,
          "FRAMEWORK_ERROR",
          `result framework error: ${frameworkErrorName(code)} (${code})`,
          { protocol: this.#protocol, method: this.#method, cause: FrameworkError.fromCode(code) },
        );
      }
    }
  }
}

/** @internal Builds a result object (used by the client and by dynamic bindings). */
export function createResult<T, E>(kind: FidlResultKind, value: unknown, protocol: string, method: string): FidlResult<T, E> {
  return new Result(kind, value, protocol, method) as unknown as FidlResult<T, E>;
}

/** @internal Gives a promise of a result the `.unwrap()` method (shared, no per-call closure). */
export function asResultPromise<T, E>(promise: Promise<FidlResult<T, E>>): ResultPromise<T, E> {
  const result = promise as ResultPromise<T, E>;
  result.unwrap = unwrapPromise as ResultPromise<T, E>["unwrap"];
  return result;
}

function unwrapPromise(this: Promise<FidlResult<unknown, unknown>>): Promise<unknown> {
  return this.then(unwrapResult);
}

function unwrapResult(result: FidlResult<unknown, unknown>): unknown {
  return result.unwrap();
}

function frameworkErrorName(code: number): string {
  return code === FrameworkErrorCode.UNKNOWN_METHOD ? "UNKNOWN_METHOD" : `FRAMEWORK_ERR(${code})`;
}

/** Prints a domain error value for a message: numbers and strings as is, objects as JSON. */
function formatValue(value: unknown): string {
  if (typeof value !== "object" || value === null) return String(value);
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  } catch {
    return String(value);
  }
}

/** @internal True for a promise or any thenable a handler returned. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
