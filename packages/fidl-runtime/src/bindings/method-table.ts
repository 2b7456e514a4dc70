// Per-protocol lookup tables (by ordinal, by generated name), built once per descriptor.
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import { EPITAPH_ORDINAL } from "../wire/header.ts";
import type { MethodDescriptor, ProtocolDescriptor } from "./protocol.ts";

/** @internal Lookup tables for one protocol descriptor. */
export interface ProtocolTable {
  readonly protocol: ProtocolDescriptor;
  /** Requests (one-way and two-way) by ordinal. */
  readonly requests: ReadonlyMap<bigint, MethodDescriptor>;
  /** Events by ordinal. */
  readonly events: ReadonlyMap<bigint, MethodDescriptor>;
  /** Every method and event by its generated (camelCase) name. */
  readonly byJsName: ReadonlyMap<string, MethodDescriptor>;
}

// Descriptors are module-level constants in generated code, so a WeakMap makes the table a
// one-time cost per protocol rather than per client or server.
const tables = new WeakMap<ProtocolDescriptor, ProtocolTable>();

/**
 * @internal The tables for `protocol`, built on first use. Throws ZxError(INVALID_ARGS) for a
 * descriptor with a zero, epitaph or duplicate ordinal or a duplicate generated name.
 */
export function protocolTable(protocol: ProtocolDescriptor): ProtocolTable {
  let table = tables.get(protocol);
  if (table === undefined) {
    table = buildTable(protocol);
    tables.set(protocol, table);
  }
  return table;
}

function buildTable(protocol: ProtocolDescriptor): ProtocolTable {
  const requests = new Map<bigint, MethodDescriptor>();
  const events = new Map<bigint, MethodDescriptor>();
  const byJsName = new Map<string, MethodDescriptor>();
  const ordinals = new Set<bigint>();
  for (const method of protocol.methods) {
    const where = `${protocol.name}.${method.name}`;
    if (method.ordinal === 0n || method.ordinal === EPITAPH_ORDINAL) {
      throw new ZxError(ZxStatus.INVALID_ARGS, `${where}: ordinal ${method.ordinal} is reserved`);
    }
    if (ordinals.has(method.ordinal)) {
      throw new ZxError(ZxStatus.INVALID_ARGS, `${where}: ordinal ${method.ordinal} is used twice`);
    }
    if (byJsName.has(method.jsName)) {
      throw new ZxError(ZxStatus.INVALID_ARGS, `${where}: generated name ${method.jsName} is used twice`);
    }
    ordinals.add(method.ordinal);
    byJsName.set(method.jsName, method);
    (method.kind === "event" ? events : requests).set(method.ordinal, method);
  }
  return { protocol, requests, events, byJsName };
}
