// The compiler's IR: a subset of fidlc's JSON IR (same field names), produced from `.fidl` source
// or read from fidlc's own JSON, and consumed by the TypeScript emitter and dynamic bindings.

/** Names of FIDL primitive types. */
export type PrimitiveSubtype =
  | "bool"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float32"
  | "float64";

/** A source span as fidlc writes it. */
export interface IrLocation {
  readonly filename: string;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

/** A resolved type (fidlc `kind_v2` type objects; older `kind` objects are normalized to these). */
export type IrType =
  | { readonly kind_v2: "primitive"; readonly subtype: PrimitiveSubtype }
  | { readonly kind_v2: "string"; readonly nullable: boolean; readonly maybe_element_count?: number }
  | {
      readonly kind_v2: "vector";
      readonly element_type: IrType;
      readonly nullable: boolean;
      readonly maybe_element_count?: number;
    }
  | { readonly kind_v2: "array"; readonly element_type: IrType; readonly element_count: number }
  | {
      readonly kind_v2: "handle";
      readonly subtype: string;
      readonly obj_type: number;
      readonly rights: number;
      readonly nullable: boolean;
      readonly resource_identifier: string;
    }
  | {
      readonly kind_v2: "endpoint";
      readonly role: "client" | "server";
      readonly protocol: string;
      readonly protocol_transport: string;
      readonly nullable: boolean;
    }
  | { readonly kind_v2: "identifier"; readonly identifier: string; readonly nullable: boolean }
  | { readonly kind_v2: "internal"; readonly subtype: "framework_error" };

/** A constant value as fidlc writes it: `value` is the resolved value printed as a string. */
export interface IrConstant {
  readonly kind: "literal" | "identifier" | "binary_operator";
  readonly value: string;
  readonly expression: string;
  readonly identifier?: string;
  readonly literal?: { readonly kind: "numeric" | "string" | "bool"; readonly value: string; readonly expression: string };
}

/** An attribute: `@name(arg=...)`; doc comments are `@doc` with argument `value`. */
export interface IrAttribute {
  readonly name: string;
  readonly arguments: readonly { readonly name: string; readonly type?: string; readonly value: IrConstant }[];
}

interface IrDeclBase {
  /** Fully qualified: `fuchsia.examples/Echo`. */
  readonly name: string;
  readonly location?: IrLocation;
  readonly maybe_attributes?: readonly IrAttribute[];
}

/** A struct, table or union member. */
export interface IrMember {
  readonly name: string;
  readonly type: IrType;
  /** Tables and unions. */
  readonly ordinal?: number;
  /** Structs: default value. */
  readonly maybe_default_value?: IrConstant;
  readonly location?: IrLocation;
  readonly maybe_attributes?: readonly IrAttribute[];
}

/** `struct`. */
export interface IrStruct extends IrDeclBase {
  readonly naming_context?: readonly string[];
  readonly members: readonly IrMember[];
  readonly resource: boolean;
  readonly is_empty_success_struct?: boolean;
}

/** `table`. */
export interface IrTable extends IrDeclBase {
  readonly naming_context?: readonly string[];
  readonly members: readonly IrMember[];
  readonly strict: boolean;
  readonly resource: boolean;
}

/** `union`. */
export interface IrUnion extends IrDeclBase {
  readonly naming_context?: readonly string[];
  readonly members: readonly IrMember[];
  readonly strict: boolean;
  readonly resource: boolean;
  readonly is_result?: boolean;
}

/** An enum or bits member. */
export interface IrValueMember {
  readonly name: string;
  readonly value: IrConstant;
  readonly location?: IrLocation;
  readonly maybe_attributes?: readonly IrAttribute[];
}

/** `enum`; `type` is the underlying primitive. */
export interface IrEnum extends IrDeclBase {
  readonly naming_context?: readonly string[];
  readonly type: PrimitiveSubtype;
  readonly members: readonly IrValueMember[];
  readonly strict: boolean;
  readonly maybe_unknown_value?: number | string;
}

/** `bits`; `mask` is the OR of all members, printed in decimal. */
export interface IrBits extends IrDeclBase {
  readonly naming_context?: readonly string[];
  readonly type: IrType;
  readonly mask: string;
  readonly members: readonly IrValueMember[];
  readonly strict: boolean;
}

/** `const`. */
export interface IrConst extends IrDeclBase {
  readonly type: IrType;
  readonly value: IrConstant;
}

/** `alias`; `type` is what it stands for (resolved). */
export interface IrAlias extends IrDeclBase {
  readonly type: IrType;
}

/** Method kinds as fidlc names them. */
export type IrMethodKind = "oneway" | "twoway" | "event";

/** A method or event. */
export interface IrMethod {
  readonly kind: IrMethodKind;
  /** Decimal or bigint; fidlc prints it as a JSON number (which loses precision in JS). */
  readonly ordinal: bigint;
  readonly name: string;
  readonly strict: boolean;
  readonly location?: IrLocation;
  readonly maybe_attributes?: readonly IrAttribute[];
  readonly has_request: boolean;
  readonly maybe_request_payload?: IrType;
  readonly has_response: boolean;
  readonly maybe_response_payload?: IrType;
  readonly is_composed: boolean;
  readonly has_error: boolean;
  readonly maybe_response_success_type?: IrType;
  readonly maybe_response_err_type?: IrType;
}

/** `protocol`. */
export interface IrProtocol extends IrDeclBase {
  readonly openness: "open" | "ajar" | "closed";
  readonly composed_protocols: readonly { readonly name: string; readonly maybe_attributes?: readonly IrAttribute[] }[];
  readonly methods: readonly IrMethod[];
}

/** `service`. */
export interface IrService extends IrDeclBase {
  readonly members: readonly IrMember[];
}

/** Kinds of declaration in `declarations`. */
export type IrDeclKind = "bits" | "const" | "enum" | "protocol" | "service" | "struct" | "table" | "union" | "alias" | "experimental_resource";

/** One library's IR, shaped like fidlc's JSON IR. */
export interface IrLibrary {
  readonly name: string;
  readonly maybe_attributes?: readonly IrAttribute[];
  readonly library_dependencies: readonly {
    readonly name: string;
    readonly declarations: Readonly<Record<string, { readonly kind: IrDeclKind }>>;
  }[];
  readonly bits_declarations: readonly IrBits[];
  readonly const_declarations: readonly IrConst[];
  readonly enum_declarations: readonly IrEnum[];
  readonly protocol_declarations: readonly IrProtocol[];
  readonly service_declarations: readonly IrService[];
  readonly struct_declarations: readonly IrStruct[];
  readonly table_declarations: readonly IrTable[];
  readonly union_declarations: readonly IrUnion[];
  readonly alias_declarations: readonly IrAlias[];
  readonly declaration_order: readonly string[];
  readonly declarations: Readonly<Record<string, IrDeclKind>>;
  /** Where the library came from (file names), for the generated header. */
  readonly source_files?: readonly string[];
}

/** Finds an attribute by name (case-insensitive, as fidlc compares attribute names). */
export function findAttribute(attributes: readonly IrAttribute[] | undefined, name: string): IrAttribute | undefined {
  const lower = name.toLowerCase();
  return attributes?.find((attribute) => attribute.name.toLowerCase() === lower);
}

/** The `@doc` text of a declaration or member, if any. */
export function docOf(attributes: readonly IrAttribute[] | undefined): string | undefined {
  return findAttribute(attributes, "doc")?.arguments[0]?.value.value;
}

/** The library part of a fully qualified name: `fuchsia.examples/Echo` → `fuchsia.examples`. */
export function libraryOf(fqn: string): string {
  const slash = fqn.indexOf("/");
  return slash < 0 ? "" : fqn.slice(0, slash);
}

/** The declaration part of a fully qualified name: `fuchsia.examples/Echo` → `Echo`. */
export function localNameOf(fqn: string): string {
  return fqn.slice(fqn.indexOf("/") + 1);
}
