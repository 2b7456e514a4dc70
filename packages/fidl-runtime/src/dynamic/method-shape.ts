// Which IR types carry a method's request, response and domain error: the result-union analysis
// the TypeScript emitter does too (src/compiler/emitter.ts methodShape), on IR alone.
import type { IrMethod, IrType } from "../compiler/ir.ts";
import type { DeclIndex } from "./decl-index.ts";

/** The payload types of one method, as a generated descriptor lays them out. */
export interface MethodShape {
  /** Request payload (for an event: the event's payload); absent for `()`. */
  readonly request: IrType | undefined;
  /** Two-way: the success payload; absent for `-> ()`. */
  readonly response: IrType | undefined;
  /** Two-way with `error E`: the type E. */
  readonly error: IrType | undefined;
  /** Two-way: the response travels as a result union (error syntax or flexible). */
  readonly hasResult: boolean;
}

/** Works out a method's payload types (see {@link MethodShape}). */
export function methodShape(method: IrMethod, index: DeclIndex): MethodShape {
  const request = method.kind === "event" ? method.maybe_response_payload : method.maybe_request_payload;
  if (method.kind !== "twoway") return { request, response: undefined, error: undefined, hasResult: false };
  const payload = method.maybe_response_payload;
  const found = payload?.kind_v2 === "identifier" ? index.findType(payload.identifier) : undefined;
  if (found?.kind !== "union" || found.decl.is_result !== true) {
    return { request, response: payload, error: undefined, hasResult: false };
  }
  const members = found.decl.members;
  const success = members.find((m) => m.ordinal === 1)?.type ?? method.maybe_response_success_type;
  const err = members.find((m) => m.ordinal === 2)?.type ?? method.maybe_response_err_type;
  const emptySuccess =
    success?.kind_v2 === "identifier" &&
    (() => {
      const decl = index.findType(success.identifier);
      return decl?.kind === "struct" && decl.decl.is_empty_success_struct === true;
    })();
  return {
    request,
    response: success === undefined || emptySuccess ? undefined : success,
    error: err === undefined || err.kind_v2 === "internal" ? undefined : err,
    hasResult: true,
  };
}
