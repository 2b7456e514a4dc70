// Reading and writing the IR as JSON shaped like fidlc's: accepts `kind_v2` and older `kind`
// type objects and keeps 64-bit ordinals exact (JSON numbers beyond 2^53 are read as text).
import { FidlCompileError } from "./diagnostics.ts";
import type { IrDeclKind, IrLibrary, IrMethod, IrType, PrimitiveSubtype } from "./ir.ts";

type Json = Record<string, unknown>;

function problem(filename: string, message: string): never {
  throw new FidlCompileError([{ location: { filename, line: 1, column: 1, length: 0 }, message }]);
}

/** Normalizes one fidlc type object (`kind_v2` or older `kind`) to an {@link IrType}. */
function readType(raw: unknown, protocols: ReadonlySet<string>, filename: string, where: string): IrType {
  if (typeof raw !== "object" || raw === null) problem(filename, `${where}: expected a type object`);
  const t = raw as Json;
  const kind = (t.kind_v2 ?? t.kind) as string | undefined;
  const nullable = t.nullable === true;
  const count = typeof t.maybe_element_count === "number" ? { maybe_element_count: t.maybe_element_count } : {};
  switch (kind) {
    case "primitive":
      return { kind_v2: "primitive", subtype: t.subtype as PrimitiveSubtype };
    case "string":
      return { kind_v2: "string", nullable, ...count };
    case "vector":
      return { kind_v2: "vector", element_type: readType(t.element_type, protocols, filename, where), nullable, ...count };
    case "array":
      return { kind_v2: "array", element_type: readType(t.element_type, protocols, filename, where), element_count: Number(t.element_count) };
    case "handle":
      return {
        kind_v2: "handle",
        subtype: String(t.subtype ?? "handle"),
        obj_type: Number(t.obj_type ?? 0),
        rights: Number(t.rights ?? 0x80000000),
        nullable,
        resource_identifier: String(t.resource_identifier ?? "zx/Handle"),
      };
    case "endpoint":
      return {
        kind_v2: "endpoint",
        role: t.role === "server" ? "server" : "client",
        protocol: String(t.protocol),
        protocol_transport: String(t.protocol_transport ?? "Channel"),
        nullable,
      };
    case "request":
      // Older IR: `server_end:P` was a "request" type naming the protocol in `subtype`.
      return { kind_v2: "endpoint", role: "server", protocol: String(t.subtype), protocol_transport: String(t.protocol_transport ?? "Channel"), nullable };
    case "identifier": {
      const identifier = String(t.identifier);
      // Older IR: `client_end:P` was an identifier type naming the protocol.
      if (protocols.has(identifier)) {
        return { kind_v2: "endpoint", role: "client", protocol: identifier, protocol_transport: String(t.protocol_transport ?? "Channel"), nullable };
      }
      return { kind_v2: "identifier", identifier, nullable };
    }
    case "internal":
      return { kind_v2: "internal", subtype: "framework_error" };
    default:
      return problem(filename, `${where}: unsupported type kind '${String(kind)}'`);
  }
}

function readMembers(raw: unknown, protocols: ReadonlySet<string>, filename: string, owner: string) {
  if (!Array.isArray(raw)) return [];
  return (raw as Json[])
    .filter((member) => member.reserved !== true && member.type !== undefined)
    .map((member) => ({
      ...member,
      name: String(member.name),
      type: readType(member.type, protocols, filename, `${owner}.${String(member.name)}`),
      ...(member.ordinal === undefined ? {} : { ordinal: Number(member.ordinal) }),
    }));
}

/** Parses fidlc JSON IR (or ours) into an {@link IrLibrary}. `filename` names it in errors. */
export function readIrJson(text: string, filename: string): IrLibrary {
  // Method ordinals are 63-bit: keep their digits by turning them into strings before parsing.
  const exact = text.replace(/("ordinal"\s*:\s*)(\d{16,})/g, '$1"$2"');
  let json: Json;
  try {
    json = JSON.parse(exact) as Json;
  } catch (error) {
    return problem(filename, `not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json.name !== "string") problem(filename, "not a FIDL JSON IR file (no library 'name')");
  const declarations: Record<string, IrDeclKind> = { ...((json.declarations as Record<string, IrDeclKind>) ?? {}) };
  const deps = (json.library_dependencies as { name: string; declarations: Record<string, { kind: IrDeclKind } | IrDeclKind> }[]) ?? [];
  const protocols = new Set<string>();
  for (const [name, kind] of Object.entries(declarations)) if (kind === "protocol") protocols.add(name);
  for (const dep of deps) {
    for (const [name, value] of Object.entries(dep.declarations ?? {})) {
      const kind = typeof value === "string" ? value : value.kind;
      if (kind === "protocol") protocols.add(name);
    }
  }
  const list = (key: string): Json[] => (Array.isArray(json[key]) ? (json[key] as Json[]) : []);
  const withMembers = (key: string) =>
    list(key).map((decl) => ({ ...decl, members: readMembers(decl.members, protocols, filename, String(decl.name)) }));
  const readOptionalType = (value: unknown, where: string) => (value === undefined ? {} : { type: readType(value, protocols, filename, where) });
  const methods = (decl: Json): IrMethod[] =>
    (Array.isArray(decl.methods) ? (decl.methods as Json[]) : []).map((m) => {
      const where = `${String(decl.name)}.${String(m.name)}`;
      const opt = (key: string) => (m[key] === undefined ? {} : { [key]: readType(m[key], protocols, filename, where) });
      const ordinal = m.ordinal;
      return {
        ...(m as object),
        kind: (m.kind as IrMethod["kind"]) ?? (m.has_request === false ? "event" : m.has_response ? "twoway" : "oneway"),
        ordinal: BigInt(typeof ordinal === "number" || typeof ordinal === "string" ? ordinal : 0),
        name: String(m.name),
        strict: m.strict !== false,
        has_request: m.has_request !== false,
        has_response: m.has_response === true,
        is_composed: m.is_composed === true,
        has_error: m.has_error === true,
        ...opt("maybe_request_payload"),
        ...opt("maybe_response_payload"),
        ...opt("maybe_response_success_type"),
        ...opt("maybe_response_err_type"),
      } as IrMethod;
    });
  return {
    ...(json as object),
    name: json.name as string,
    library_dependencies: deps.map((dep) => ({
      name: dep.name,
      declarations: Object.fromEntries(
        Object.entries(dep.declarations ?? {}).map(([name, value]) => [name, { kind: typeof value === "string" ? value : value.kind }]),
      ),
    })),
    bits_declarations: list("bits_declarations").map((decl) => ({
      ...decl,
      ...readOptionalType(decl.type, String(decl.name)),
    })) as unknown as IrLibrary["bits_declarations"],
    const_declarations: list("const_declarations").map((decl) => ({
      ...decl,
      ...readOptionalType(decl.type, String(decl.name)),
    })) as unknown as IrLibrary["const_declarations"],
    enum_declarations: list("enum_declarations").map((decl) => ({
      ...decl,
      // Some IR versions write the enum's type as a type object.
      type: typeof decl.type === "string" ? decl.type : ((decl.type as Json | undefined)?.subtype ?? "uint32"),
    })) as unknown as IrLibrary["enum_declarations"],
    protocol_declarations: list("protocol_declarations").map((decl) => ({
      ...decl,
      openness: (decl.openness as string | undefined) ?? "closed",
      composed_protocols: (decl.composed_protocols as unknown[]) ?? [],
      methods: methods(decl),
    })) as unknown as IrLibrary["protocol_declarations"],
    service_declarations: withMembers("service_declarations") as unknown as IrLibrary["service_declarations"],
    struct_declarations: withMembers("struct_declarations") as unknown as IrLibrary["struct_declarations"],
    table_declarations: withMembers("table_declarations") as unknown as IrLibrary["table_declarations"],
    union_declarations: withMembers("union_declarations") as unknown as IrLibrary["union_declarations"],
    alias_declarations: list("alias_declarations").map((decl) => ({
      ...decl,
      ...readOptionalType(decl.type, String(decl.name)),
    })) as unknown as IrLibrary["alias_declarations"],
    declaration_order: (json.declaration_order as string[]) ?? Object.keys(declarations),
    declarations,
  };
}

/** Writes an IR as JSON in fidlc's layout; ordinals are written as exact JSON numbers. */
export function writeIrJson(library: IrLibrary): string {
  const marker = "\u0000bigint:";
  const text = JSON.stringify(
    library,
    (key, value: unknown) => {
      if (key === "source_files") return undefined;
      return typeof value === "bigint" ? `${marker}${value.toString()}` : value;
    },
    2,
  );
  return `${text.replace(/"\\u0000bigint:(-?\d+)"/g, "$1")}\n`;
}
