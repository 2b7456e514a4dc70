// TypeScript emitter: one module per library from the IR — types, zod schemas, enum/bits objects,
// consts, protocol descriptors and markers, and Client / Server / EventHandler classes.
import { formatOrdinal } from "../wire/ordinal.ts";
import {
  type IrAttribute,
  type IrBits,
  type IrConst,
  type IrConstant,
  type IrDeclKind,
  type IrEnum,
  type IrLibrary,
  type IrMember,
  type IrMethod,
  type IrProtocol,
  type IrStruct,
  type IrTable,
  type IrType,
  type IrUnion,
  docOf,
  libraryOf,
  localNameOf,
} from "./ir.ts";
import { isPlainPropertyName, jsMethodName, libraryModuleAlias, toUpperCamelCase, tsDeclName } from "./naming.ts";
import { ZX_LIBRARY } from "./zx-library.ts";
import { discoverableNameOf, methodShape } from "./protocol-shape.ts";

/** Options for {@link emitLibraries}. */
export interface EmitOptions {
  /** Module the generated code imports the runtime from. Default `@fidl-ws/runtime/codegen`. */
  readonly runtimeImport?: string;
}

/** One generated file. */
export interface EmittedFile {
  /** File name relative to the output directory, e.g. `fuchsia.examples.ts`. */
  readonly filename: string;
  readonly contents: string;
}

/** Default module specifier of the runtime in generated code. */
export const DEFAULT_RUNTIME_IMPORT = "@fidl-ws/runtime/codegen";

const I = "  ";

/** `z.` as a whole identifier (not the end of `Fizz.`), used as a value: anything but `z.ZodType`. */
const Z_VALUE = /(?<![\w$.])z\.(?!ZodType\b)/;
/** `z.ZodType`, the only type the generated code names from zod. */
const Z_TYPE = /(?<![\w$.])z\.ZodType\b/;

function docLines(doc: string | undefined): string[] {
  if (doc === undefined) return [];
  const lines = doc.replace(/\*\//g, "*\\/").split("\n");
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  // Doc comments keep the space after `///`; drop one leading space per line.
  return lines.map((line) => (line.startsWith(" ") ? line.slice(1) : line).trimEnd());
}

/** A JSDoc block from a FIDL doc comment plus extra lines (the FIDL declaration it came from). */
function jsdoc(indent: string, doc: string | undefined, ...extra: string[]): string {
  const lines = docLines(doc);
  if (lines.length > 0 && extra.length > 0) lines.push("");
  lines.push(...extra);
  if (lines.length === 0) return "";
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => (line === "" ? `${indent} *` : `${indent} * ${line}`)).join("\n")}\n${indent} */\n`;
}

function propertyKey(name: string): string {
  return isPlainPropertyName(name) ? name : JSON.stringify(name);
}

/** Everything the emitter knows about declarations across all libraries being emitted. */
class DeclIndex {
  readonly kinds = new Map<string, IrDeclKind>();
  readonly structs = new Map<string, IrStruct>();
  readonly unions = new Map<string, IrUnion>();
  readonly enums = new Map<string, IrEnum>();
  readonly bits = new Map<string, IrBits>();
  readonly protocols = new Map<string, IrProtocol>();

  constructor(libraries: readonly IrLibrary[]) {
    for (const library of libraries) {
      for (const dep of library.library_dependencies) for (const [name, decl] of Object.entries(dep.declarations)) this.kinds.set(name, decl.kind);
      for (const [name, kind] of Object.entries(library.declarations)) this.kinds.set(name, kind);
      for (const s of library.struct_declarations) this.structs.set(s.name, s);
      for (const u of library.union_declarations) this.unions.set(u.name, u);
      for (const e of library.enum_declarations) this.enums.set(e.name, e);
      for (const b of library.bits_declarations) this.bits.set(b.name, b);
      for (const p of library.protocol_declarations) this.protocols.set(p.name, p);
    }
  }
}

/** Emits one library's module. */
class ModuleEmitter {
  private readonly imports = new Set<string>();
  /** Local declarations whose schema constant has been written (later ones need z.lazy). */
  private readonly emitted = new Set<string>();
  private readonly local = new Set<string>();

  constructor(
    private readonly library: IrLibrary,
    private readonly index: DeclIndex,
    private readonly runtimeImport: string,
  ) {
    for (const name of Object.keys(library.declarations)) this.local.add(name);
  }

  // ---- references -------------------------------------------------------------------------

  private ref(fqn: string, suffix = ""): string {
    const name = `${tsDeclName(localNameOf(fqn))}${suffix}`;
    const lib = libraryOf(fqn);
    if (lib === this.library.name || lib === "") return name;
    this.imports.add(lib);
    return `${libraryModuleAlias(lib)}.${name}`;
  }

  private isEmptySuccess(fqn: string): boolean {
    return this.index.structs.get(fqn)?.is_empty_success_struct === true;
  }

  /** The TypeScript type of an IR type. */
  private tsType(type: IrType): string {
    const nullable = "nullable" in type && type.nullable ? " | null" : "";
    switch (type.kind_v2) {
      case "primitive":
        return type.subtype === "bool" ? "boolean" : type.subtype === "int64" || type.subtype === "uint64" ? "bigint" : "number";
      case "string":
        return `string${nullable}`;
      case "vector":
      case "array": {
        const element = type.element_type;
        if (element.kind_v2 === "primitive" && element.subtype === "uint8") return `Uint8Array${nullable}`;
        const inner = this.tsType(element);
        const list = /[ |&]/.test(inner) ? `Array<${inner}>` : `${inner}[]`;
        return `${list}${nullable}`;
      }
      case "handle":
      case "endpoint":
        return `$fidl.Channel${nullable}`;
      case "identifier":
        return `${this.ref(type.identifier)}${nullable}`;
      case "internal":
        return "never";
    }
  }

  /** The schema expression of an IR type. */
  private schema(type: IrType): string {
    const wrap = (expr: string): string => ("nullable" in type && type.nullable ? `$fidl.optional(${expr})` : expr);
    switch (type.kind_v2) {
      case "primitive":
        return `$fidl.${type.subtype}`;
      case "string":
        return wrap(`$fidl.string(${type.maybe_element_count ?? ""})`);
      case "vector": {
        const element = type.element_type;
        const bound = type.maybe_element_count === undefined ? "" : `, ${type.maybe_element_count}`;
        if (element.kind_v2 === "primitive" && element.subtype === "uint8") return wrap(`$fidl.bytes(${type.maybe_element_count ?? ""})`);
        return wrap(`$fidl.vector(${this.schema(element)}${bound})`);
      }
      case "array": {
        const element = type.element_type;
        if (element.kind_v2 === "primitive" && element.subtype === "uint8") return `$fidl.byteArray(${type.element_count})`;
        return `$fidl.array(${this.schema(element)}, ${type.element_count})`;
      }
      case "handle":
        return wrap(`$fidl.handle(${JSON.stringify(type.subtype)})`);
      case "endpoint":
        return wrap(`$fidl.${type.role === "client" ? "clientEnd" : "serverEnd"}(${JSON.stringify(type.protocol)})`);
      case "identifier": {
        const name = this.ref(type.identifier, "Schema");
        const forward = this.local.has(type.identifier) && !this.emitted.has(type.identifier);
        return wrap(forward ? `z.lazy(() => ${name})` : name);
      }
      case "internal":
        return "z.never()";
    }
  }

  // ---- declarations -----------------------------------------------------------------------

  private constLiteral(value: IrConstant, type: IrType): string {
    if (type.kind_v2 === "string") return JSON.stringify(value.value);
    if (type.kind_v2 === "primitive") {
      if (type.subtype === "bool") return value.value === "true" ? "true" : "false";
      if (type.subtype === "int64" || type.subtype === "uint64") return `${BigInt(value.value)}n`;
      return String(Number(value.value));
    }
    if (type.kind_v2 === "identifier") {
      const underlying = this.index.enums.get(type.identifier)?.type ?? (this.index.bits.get(type.identifier)?.type as { subtype?: string } | undefined)?.subtype;
      const wide = underlying === "int64" || underlying === "uint64";
      // A single member reads best by name: `EnumType.VALUE`.
      if (value.kind === "identifier" && value.identifier?.startsWith(`${type.identifier}.`)) {
        const member = value.identifier.slice(type.identifier.length + 1);
        return `${this.ref(type.identifier)}${isPlainPropertyName(member) ? `.${member}` : `[${JSON.stringify(member)}]`}`;
      }
      return wide ? `${BigInt(value.value)}n` : String(Number(value.value));
    }
    return JSON.stringify(value.value);
  }

  private emitConst(decl: IrConst): string {
    const name = tsDeclName(localNameOf(decl.name));
    const literal = this.constLiteral(decl.value, decl.type);
    const annotation = decl.type.kind_v2 === "identifier" ? `: ${this.tsType(decl.type)}` : "";
    return `${jsdoc("", docOf(decl.maybe_attributes), `FIDL const \`${decl.name}\`.`)}export const ${name}${annotation} = ${literal};\n`;
  }

  private memberDoc(member: IrMember, extra: string[] = []): string {
    return jsdoc(I, docOf(member.maybe_attributes), ...extra);
  }

  private emitStruct(decl: IrStruct): string {
    const name = tsDeclName(localNameOf(decl.name));
    const fields: string[] = [];
    const schemas: string[] = [];
    for (const member of decl.members) {
      const key = propertyKey(member.name);
      let schema = this.schema(member.type);
      if (member.maybe_default_value !== undefined) {
        const literal = this.constLiteral(member.maybe_default_value, member.type);
        fields.push(`${this.memberDoc(member, [`@defaultValue ${literal}`])}${I}${key}?: ${this.tsType(member.type)};`);
        schema = `${schema}.default(${literal})`;
      } else {
        fields.push(`${this.memberDoc(member)}${I}${key}: ${this.tsType(member.type)};`);
      }
      schemas.push(`${I}${key}: ${schema},`);
    }
    const header = jsdoc("", docOf(decl.maybe_attributes), `FIDL ${decl.resource ? "resource struct" : "struct"} \`${decl.name}\`.`);
    const body = fields.length === 0 ? "{}" : `{\n${fields.join("\n")}\n}`;
    const schemaBody = schemas.length === 0 ? "{}" : `{\n${schemas.join("\n")}\n}`;
    this.emitted.add(decl.name);
    return `${header}export interface ${name} ${body}\n\n/** Schema of {@link ${name}}. */\nexport const ${name}Schema: z.ZodType<${name}> = $fidl.struct<${name}>(${schemaBody});\n`;
  }

  private emitTable(decl: IrTable): string {
    const name = tsDeclName(localNameOf(decl.name));
    const members = [...decl.members].sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
    const fields = members.map((member) => `${this.memberDoc(member, [`Ordinal ${member.ordinal}.`])}${I}${propertyKey(member.name)}?: ${this.tsType(member.type)} | undefined;`);
    const schemas = members.map((member) => `${I}${propertyKey(member.name)}: ${this.schema(member.type)},`);
    const header = jsdoc("", docOf(decl.maybe_attributes), `FIDL ${decl.resource ? "resource table" : "table"} \`${decl.name}\`.`);
    this.emitted.add(decl.name);
    const body = fields.length === 0 ? "{}" : `{\n${fields.join("\n")}\n}`;
    const schemaBody = schemas.length === 0 ? "{}" : `{\n${schemas.join("\n")}\n}`;
    return `${header}export interface ${name} ${body}\n\n/** Schema of {@link ${name}}. */\nexport const ${name}Schema: z.ZodType<${name}> = $fidl.table<${name}>(${schemaBody});\n`;
  }

  private emitUnion(decl: IrUnion): string {
    const name = tsDeclName(localNameOf(decl.name));
    const members = [...decl.members].sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
    const variants = members.map(
      (member) => `\n${jsdoc(I, docOf(member.maybe_attributes))}${I}| { ${propertyKey(member.name)}: ${this.tsType(member.type)} }`,
    );
    if (!decl.strict) variants.push(`\n${I}| $fidl.UnknownVariant`);
    const typeBody = variants.length === 0 ? " never" : variants.join("");
    const schemas = members.map((member) => `${I}${propertyKey(member.name)}: ${this.schema(member.type)},`);
    const kind = `${decl.strict ? "strict" : "flexible"}${decl.resource ? " resource" : ""} union`;
    const unknownNote = decl.strict ? [] : ["Variants this side does not know arrive as `{ $unknown: { name, value } }`."];
    const header = jsdoc("", docOf(decl.maybe_attributes), `FIDL ${kind} \`${decl.name}\`.`, ...unknownNote);
    this.emitted.add(decl.name);
    const schemaBody = schemas.length === 0 ? "{}" : `{\n${schemas.join("\n")}\n}`;
    return `${header}export type ${name} =${typeBody};\n\n/** Schema of {@link ${name}}. */\nexport const ${name}Schema: z.ZodType<${name}> = $fidl.union<${name}>(${schemaBody}, { flexible: ${!decl.strict} });\n`;
  }

  private emitEnum(decl: IrEnum): string {
    const name = tsDeclName(localNameOf(decl.name));
    const wide = decl.type === "int64" || decl.type === "uint64";
    const members = decl.members.map((member) => {
      const value = wide ? `${BigInt(member.value.value)}n` : String(Number(member.value.value));
      return `${jsdoc(I, docOf(member.maybe_attributes))}${I}${propertyKey(member.name)}: ${value},`;
    });
    const base = wide ? "bigint" : "number";
    const known = `(typeof ${name})[keyof typeof ${name}]`;
    const type = decl.strict ? known : `${known} | (${base} & {})`;
    const kind = `${decl.strict ? "strict" : "flexible"} enum`;
    const unknownNote = decl.strict ? [] : ["Values this side does not know are admitted as plain numbers."];
    const header = jsdoc("", docOf(decl.maybe_attributes), `FIDL ${kind} \`${decl.name}\` (${decl.type}).`, ...unknownNote);
    const body = members.length === 0 ? "{}" : `{\n${members.join("\n")}\n}`;
    this.emitted.add(decl.name);
    return (
      `${header}export const ${name} = ${body} as const;\n` +
      `/** A value of the FIDL enum \`${decl.name}\`. */\nexport type ${name} = ${type};\n\n` +
      `/** Schema of {@link ${name}}. */\nexport const ${name}Schema: z.ZodType<${name}> = $fidl.enumOf<${name}>($fidl.${decl.type}, ${name}, { flexible: ${!decl.strict} });\n`
    );
  }

  private emitBits(decl: IrBits): string {
    const name = tsDeclName(localNameOf(decl.name));
    const subtype = decl.type.kind_v2 === "primitive" ? decl.type.subtype : "uint32";
    const wide = subtype === "int64" || subtype === "uint64";
    const lit = (value: string): string => {
      const hex = `0x${BigInt(value).toString(16)}`;
      return wide ? `${hex}n` : hex;
    };
    const members = decl.members.map((member) => `${jsdoc(I, docOf(member.maybe_attributes))}${I}${propertyKey(member.name)}: ${lit(member.value.value)},`);
    const kind = `${decl.strict ? "strict" : "flexible"} bits`;
    const header = jsdoc("", docOf(decl.maybe_attributes), `FIDL ${kind} \`${decl.name}\` (${subtype}).`);
    const body = members.length === 0 ? "{}" : `{\n${members.join("\n")}\n}`;
    this.emitted.add(decl.name);
    return (
      `${header}export const ${name} = ${body} as const;\n` +
      `/** A set of {@link ${name}} flags, OR-ed together. */\nexport type ${name} = ${wide ? "bigint" : "number"};\n\n` +
      `/** Schema of {@link ${name}}${decl.strict ? " (rejects unknown bits)" : ""}. */\nexport const ${name}Schema: z.ZodType<${name}> = $fidl.bitsOf<${name}>($fidl.${subtype}, ${lit(decl.mask)}, { flexible: ${!decl.strict} });\n`
    );
  }

  private emitAlias(decl: { name: string; type: IrType; maybe_attributes?: readonly IrAttribute[] }): string {
    const name = tsDeclName(localNameOf(decl.name));
    this.emitted.add(decl.name);
    return `${jsdoc("", docOf(decl.maybe_attributes), `FIDL alias \`${decl.name}\`.`)}export type ${name} = ${this.tsType(decl.type)};\n/** Schema of {@link ${name}}. */\nexport const ${name}Schema: z.ZodType<${name}> = ${this.schema(decl.type)};\n`;
  }

  // ---- protocols --------------------------------------------------------------------------

  /** What a method's payloads look like in TypeScript and in the descriptor. */
  /** A method's payloads as TypeScript types and schema expressions. */
  private methodShape(method: IrMethod) {
    const shape = methodShape(method, {
      union: (fqn) => this.index.unions.get(fqn),
      isEmptySuccessStruct: (fqn) => this.isEmptySuccess(fqn),
    });
    const payloadOf = (type: IrType | undefined) =>
      type === undefined ? undefined : { ts: this.tsType(type), schema: this.schema(type) };
    return { request: payloadOf(shape.request), response: payloadOf(shape.response), error: payloadOf(shape.error), hasResult: shape.hasResult };
  }

  private emitProtocol(decl: IrProtocol): string {
    const name = tsDeclName(localNameOf(decl.name));
    const discoverableName = discoverableNameOf(decl);
    const methods = decl.methods.map((method) => ({ method, jsName: jsMethodName(method.name), shape: this.methodShape(method) }));
    const kindName = { oneway: "one-way", twoway: "two-way", event: "event" } as const;
    const descriptors = methods.map(({ method, jsName, shape }) => {
      const lines = [
        `name: ${JSON.stringify(method.name)}`,
        `jsName: ${JSON.stringify(jsName)}`,
        `ordinal: ${formatOrdinal(method.ordinal)}n`,
        `kind: "${kindName[method.kind]}"`,
        `strict: ${method.strict}`,
      ];
      if (shape.request) lines.push(`request: ${shape.request.schema}`);
      if (shape.response) lines.push(`response: ${shape.response.schema}`);
      if (shape.error) lines.push(`error: ${shape.error.schema}`);
      lines.push(`hasResult: ${shape.hasResult}`);
      return `${I}${I}{\n${lines.map((line) => `${I}${I}${I}${line},`).join("\n")}\n${I}${I}},`;
    });
    const where = (method: IrMethod): string =>
      `FIDL \`${decl.name}.${method.name}\`${method.is_composed ? " (composed)" : ""}, ordinal ${formatOrdinal(method.ordinal)}${method.strict ? ", strict" : ""}.`;
    const protocolDoc = docOf(decl.maybe_attributes);
    let out = "";
    out += `${jsdoc("", undefined, `Descriptor of the FIDL ${decl.openness} protocol \`${decl.name}\`: methods, ordinals and schemas.`)}`;
    out += `export const ${name}Protocol: $fidl.ProtocolDescriptor = {\n`;
    out += `${I}name: ${JSON.stringify(decl.name)},\n${I}discoverableName: ${JSON.stringify(discoverableName)},\n${I}openness: "${decl.openness}",\n`;
    out += `${I}methods: [\n${descriptors.join("\n")}\n${I}],\n};\n\n`;
    out += `/** Name to connect to \`${decl.name}\` by (its discoverable name). */\nexport const ${name}Marker = ${JSON.stringify(discoverableName)};\n\n`;

    // Client
    const clientMembers: string[] = [];
    clientMembers.push(
      `${I}constructor(channel: $fidl.Channel, options?: $fidl.ClientOptions) {\n${I}${I}super(channel, ${name}Protocol, options);\n${I}}`,
    );
    for (const { method, jsName, shape } of methods) {
      if (method.kind === "event") continue;
      const doc = jsdoc(I, docOf(method.maybe_attributes), where(method));
      const requestParam = shape.request ? `request: ${shape.request.ts}` : "";
      const requestArg = shape.request ? "request" : "undefined";
      if (method.kind === "oneway") {
        clientMembers.push(`${doc}${I}${jsName}(${requestParam}): void {\n${I}${I}this.$oneWay(${JSON.stringify(jsName)}, ${requestArg});\n${I}}`);
        continue;
      }
      const params = [requestParam, "options?: $fidl.CallOptions"].filter((p) => p !== "").join(", ");
      const success = shape.response?.ts ?? "void";
      if (shape.hasResult) {
        clientMembers.push(
          `${doc}${I}${jsName}(${params}): $fidl.ResultPromise<${success}, ${shape.error?.ts ?? "never"}> {\n${I}${I}return this.$twoWayResult(${JSON.stringify(jsName)}, ${requestArg}, options);\n${I}}`,
        );
      } else {
        clientMembers.push(
          `${doc}${I}${jsName}(${params}): Promise<${success}> {\n${I}${I}return this.$twoWay(${JSON.stringify(jsName)}, ${requestArg}, options);\n${I}}`,
        );
      }
    }
    out += jsdoc("", protocolDoc, `Client of the FIDL protocol \`${decl.name}\`: one method per one-way and two-way method.`);
    out += `export class ${name}Client extends $fidl.Client {\n${clientMembers.join("\n\n")}\n}\n\n`;

    // Server
    const serverMembers: string[] = [
      `${I}constructor(channel: $fidl.Channel, options?: $fidl.ServerOptions) {\n${I}${I}super(channel, ${name}Protocol, options);\n${I}}`,
    ];
    for (const { method, jsName, shape } of methods) {
      const doc = jsdoc(I, docOf(method.maybe_attributes), where(method));
      if (method.kind === "event") {
        const sender = `send${toUpperCamelCase(jsName).replace(/^./, (c) => c.toUpperCase())}`;
        const param = shape.request ? `payload: ${shape.request.ts}` : "";
        const arg = shape.request ? "payload" : "undefined";
        serverMembers.push(`${doc}${I}${sender}(${param}): void {\n${I}${I}this.$sendEvent(${JSON.stringify(jsName)}, ${arg});\n${I}}`);
        continue;
      }
      const param = shape.request ? `request: ${shape.request.ts}` : "";
      let returns: string;
      if (method.kind === "oneway") returns = "void";
      else if (shape.hasResult) {
        const parts = [shape.response?.ts ?? "void"];
        if (shape.error) parts.push(`$fidl.DomainError<${shape.error.ts}>`);
        parts.push("$fidl.FrameworkError");
        returns = parts.join(" | ");
      } else returns = shape.response?.ts ?? "void";
      serverMembers.push(`${doc}${I}abstract ${jsName}(${param}): $fidl.MaybePromise<${returns}>;`);
    }
    out += jsdoc("", protocolDoc, `Server of the FIDL protocol \`${decl.name}\`: implement one handler per method, then \`serve()\`.`);
    out += `export abstract class ${name}Server extends $fidl.Server {\n${serverMembers.join("\n\n")}\n}\n`;

    // Event handler
    const events = methods.filter(({ method }) => method.kind === "event");
    if (events.length > 0) {
      const handlerMembers = [
        `${I}constructor(client: ${name}Client, options?: $fidl.EventHandlerOptions) {\n${I}${I}super(client, ${name}Protocol, options);\n${I}}`,
      ];
      for (const { method, jsName, shape } of events) {
        const doc = jsdoc(I, docOf(method.maybe_attributes), where(method));
        const param = shape.request ? `payload: ${shape.request.ts}` : "";
        handlerMembers.push(`${doc}${I}abstract ${jsName}(${param}): $fidl.MaybePromise<void>;`);
      }
      out += `\n${jsdoc("", undefined, `Handler of the events of \`${decl.name}\`: one handler per event, then \`serve()\`.`)}`;
      out += `export abstract class ${name}EventHandler extends $fidl.EventHandler {\n${handlerMembers.join("\n\n")}\n}\n`;
    }
    return out;
  }

  emit(): string {
    const lib = this.library;
    const byName = <T extends { name: string }>(list: readonly T[]) => new Map(list.map((d) => [d.name, d]));
    const structs = byName(lib.struct_declarations);
    const tables = byName(lib.table_declarations);
    const unions = byName(lib.union_declarations);
    const enums = byName(lib.enum_declarations);
    const bits = byName(lib.bits_declarations);
    const aliases = byName(lib.alias_declarations);
    const sections: string[] = [];
    // Enums and bits first: constants and defaults may refer to them, and they depend on nothing.
    for (const name of lib.declaration_order) {
      const e = enums.get(name);
      if (e !== undefined) sections.push(this.emitEnum(e));
      const b = bits.get(name);
      if (b !== undefined) sections.push(this.emitBits(b));
    }
    for (const decl of lib.const_declarations) sections.push(this.emitConst(decl));
    for (const name of lib.declaration_order) {
      const s = structs.get(name);
      if (s !== undefined && !s.is_empty_success_struct) sections.push(this.emitStruct(s));
      const t = tables.get(name);
      if (t !== undefined) sections.push(this.emitTable(t));
      const u = unions.get(name);
      // Result unions are the wire's business (the descriptor says hasResult): no type for them.
      if (u !== undefined && u.is_result !== true) sections.push(this.emitUnion(u));
      const a = aliases.get(name);
      if (a !== undefined) sections.push(this.emitAlias(a));
    }
    const protocolOrder = lib.declaration_order.filter((name) => lib.declarations[name] === "protocol");
    const protocols = byName(lib.protocol_declarations);
    for (const name of protocolOrder) {
      const p = protocols.get(name);
      if (p !== undefined) sections.push(this.emitProtocol(p));
    }
    const sources = (lib.source_files ?? [`${lib.name}.fidl.json`]).map((file) => file.replace(/^.*[\\/]/, ""));
    const header = [
      `// @generated by fidlgen-ts from ${sources.join(", ")} (library ${lib.name}). DO NOT EDIT.`,
      ...docLines(docOf(lib.maybe_attributes)).map((line) => `//${line === "" ? "" : ` ${line}`}`),
      "",
      // Only what the module uses is imported, so `noUnusedLocals` holds for a consts-only library.
      // zod as a value only for z.lazy / z.never; schema annotations (z.ZodType) need just the type.
      ...(sections.some((section) => Z_VALUE.test(section))
        ? ['import { z } from "zod";']
        : sections.some((section) => Z_TYPE.test(section))
          ? ['import type { z } from "zod";']
          : []),
      ...(sections.some((section) => section.includes("$fidl.")) ? [`import * as $fidl from ${JSON.stringify(this.runtimeImport)};`] : []),
      // The built-in zx library's module ships in the runtime, as its `zx` namespace.
      ...(this.imports.has(ZX_LIBRARY) ? [`import { ${libraryModuleAlias(ZX_LIBRARY)} } from ${JSON.stringify(this.runtimeImport)};`] : []),
      ...[...this.imports]
        .filter((dep) => dep !== ZX_LIBRARY)
        .sort()
        .map((dep) => `import * as ${libraryModuleAlias(dep)} from "./${dep}.ts";`),
    ];
    return `${header.join("\n")}\n\n${sections.join("\n")}`;
  }

  /** Libraries this module imports (known after {@link emit}). */
  get dependencies(): ReadonlySet<string> {
    return this.imports;
  }
}

/**
 * Emits one TypeScript module per library, named `<library>.ts`, except the built-in zx library:
 * its module ships in the runtime and generated code imports it from there.
 */
export function emitLibraries(libraries: readonly IrLibrary[], options: EmitOptions = {}): EmittedFile[] {
  const index = new DeclIndex(libraries);
  const runtimeImport = options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT;
  return libraries
    .filter((library) => library.name !== ZX_LIBRARY)
    .map((library) => ({
      filename: `${library.name}.ts`,
      contents: new ModuleEmitter(library, index, runtimeImport).emit(),
    }));
}

/**
 * Emits the module of one library on its own, whatever its name: how the runtime's copy of the
 * built-in zx library is made. `library` may only refer to declarations of `context` libraries.
 */
export function emitLibraryModule(library: IrLibrary, context: readonly IrLibrary[], options: EmitOptions = {}): string {
  return new ModuleEmitter(library, new DeclIndex([...context, library]), options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT).emit();
}
