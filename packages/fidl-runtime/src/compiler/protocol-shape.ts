// How an IR protocol maps onto a ProtocolDescriptor, shared by the TypeScript emitter and the
// run-time (dynamic) bindings: its discoverable name, and which IR types carry each method's
// request, success payload and domain error.
import { findAttribute, type IrMethod, type IrProtocol, type IrType, type IrUnion, libraryOf, localNameOf } from "./ir.ts";

/** The payload types of one method, as a descriptor lays them out. */
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

/** What {@link methodShape} needs to know about declarations. */
export interface ShapeLookup {
  /** The union declared as `fqn`, if any. */
  union(fqn: string): IrUnion | undefined;
  /** True if `fqn` is the empty struct fidlc synthesizes for `-> ()` with error syntax. */
  isEmptySuccessStruct(fqn: string): boolean;
}

/** The discoverable name of a protocol: `@discoverable("name")`, else `library.Protocol`. */
export function discoverableNameOf(protocol: IrProtocol): string {
  const attribute = findAttribute(protocol.maybe_attributes, "discoverable");
  return attribute?.arguments[0]?.value.value ?? `${libraryOf(protocol.name)}.${localNameOf(protocol.name)}`;
}

/** Works out a method's payload types (see {@link MethodShape}). */
export function methodShape(method: IrMethod, lookup: ShapeLookup): MethodShape {
  const request = method.kind === "event" ? method.maybe_response_payload : method.maybe_request_payload;
  if (method.kind !== "twoway") return { request, response: undefined, error: undefined, hasResult: false };
  const payload = method.maybe_response_payload;
  const result = payload?.kind_v2 === "identifier" ? lookup.union(payload.identifier) : undefined;
  if (result?.is_result !== true) return { request, response: payload, error: undefined, hasResult: false };
  const success = result.members.find((m) => m.ordinal === 1)?.type ?? method.maybe_response_success_type;
  const err = result.members.find((m) => m.ordinal === 2)?.type ?? method.maybe_response_err_type;
  const emptySuccess = success?.kind_v2 === "identifier" && lookup.isEmptySuccessStruct(success.identifier);
  return {
    request,
    response: success === undefined || emptySuccess ? undefined : success,
    error: err === undefined || err.kind_v2 === "internal" ? undefined : err,
    hasResult: true,
  };
}
