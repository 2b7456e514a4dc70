// Test helper: the comparable facts of an IR library (what conformance checks), as plain data.
import type { IrLibrary, IrType } from "../../src/compiler/ir.ts";

/** A one-line signature of a type: kind, bounds, nullability, referenced names. */
export function typeSig(type: IrType | undefined): string {
  if (type === undefined) return "-";
  switch (type.kind_v2) {
    case "primitive":
      return type.subtype;
    case "string":
      return `string:${type.maybe_element_count ?? "MAX"}${type.nullable ? "?" : ""}`;
    case "vector":
      return `vector<${typeSig(type.element_type)}>:${type.maybe_element_count ?? "MAX"}${type.nullable ? "?" : ""}`;
    case "array":
      return `array<${typeSig(type.element_type)},${type.element_count}>`;
    case "handle":
      return `handle:${type.subtype}:${type.obj_type}:${type.rights}${type.nullable ? "?" : ""}`;
    case "endpoint":
      return `${type.role}_end:${type.protocol}${type.nullable ? "?" : ""}`;
    case "identifier":
      return `${type.identifier}${type.nullable ? "?" : ""}`;
    case "internal":
      return type.subtype;
  }
}

/** Facts per declaration name, comparable between our IR and fidlc's golden. */
export function irFacts(library: IrLibrary): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const s of library.struct_declarations) {
    facts[s.name] = {
      kind: "struct",
      resource: s.resource,
      members: s.members.map((m) => `${m.name} ${typeSig(m.type)}`),
    };
  }
  for (const t of library.table_declarations) {
    facts[t.name] = { kind: "table", resource: t.resource, members: t.members.map((m) => `${m.ordinal}: ${m.name} ${typeSig(m.type)}`) };
  }
  for (const u of library.union_declarations) {
    facts[u.name] = {
      kind: "union",
      strict: u.strict,
      resource: u.resource,
      isResult: u.is_result === true,
      members: u.members.map((m) => `${m.ordinal}: ${m.name} ${typeSig(m.type)}`),
    };
  }
  for (const e of library.enum_declarations) {
    facts[e.name] = {
      kind: "enum",
      type: e.type,
      strict: e.strict,
      unknown: e.strict ? undefined : String(e.maybe_unknown_value),
      members: e.members.map((m) => `${m.name}=${m.value.value}`),
    };
  }
  for (const b of library.bits_declarations) {
    facts[b.name] = { kind: "bits", type: typeSig(b.type), strict: b.strict, mask: b.mask, members: b.members.map((m) => `${m.name}=${m.value.value}`) };
  }
  for (const c of library.const_declarations) {
    const numeric = Number(c.value.value);
    // fidlc prints floats with 6 significant digits; compare those numerically.
    const value = c.type.kind_v2 === "primitive" && c.type.subtype.startsWith("float") ? Number(numeric.toPrecision(6)) : c.value.value;
    facts[c.name] = { kind: "const", type: typeSig(c.type), value };
  }
  for (const a of library.alias_declarations) facts[a.name] = { kind: "alias", type: typeSig(a.type) };
  for (const p of library.protocol_declarations) {
    facts[p.name] = {
      kind: "protocol",
      openness: p.openness,
      composed: p.composed_protocols.map((c) => c.name),
      methods: p.methods.map((m) => ({
        name: m.name,
        kind: m.kind,
        ordinal: m.ordinal.toString(),
        strict: m.strict,
        composed: m.is_composed,
        hasError: m.has_error,
        request: typeSig(m.maybe_request_payload),
        response: typeSig(m.maybe_response_payload),
        success: typeSig(m.maybe_response_success_type),
        err: typeSig(m.maybe_response_err_type),
      })),
    };
  }
  for (const s of library.service_declarations) facts[s.name] = { kind: "service", members: s.members.map((m) => `${m.name} ${typeSig(m.type)}`) };
  return facts;
}
