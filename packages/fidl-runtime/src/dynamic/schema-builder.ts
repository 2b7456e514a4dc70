// Builds zod schemas from IR types with the same src/schema helpers generated code calls, so a
// dynamic client validates and fails exactly like a generated one.
import { z } from "zod";
import type { IrConstant, IrType } from "../compiler/ir.ts";
import * as schema from "../schema/index.ts";
import type { DeclIndex, TypeDecl } from "./decl-index.ts";

/** Makes (and caches) the schema of every IR type and declaration of a {@link DeclIndex}. */
export class SchemaBuilder {
  readonly #index: DeclIndex;
  readonly #decls = new Map<string, z.ZodType>();
  readonly #building = new Set<string>();

  constructor(index: DeclIndex) {
    this.#index = index;
  }

  /** The schema of a type, as the emitter writes it (`$fidl.string(32)`, `$fidl.optional(...)`). */
  type(type: IrType): z.ZodType {
    const wrap = (inner: z.ZodType): z.ZodType => ("nullable" in type && type.nullable ? schema.optional(inner) : inner);
    switch (type.kind_v2) {
      case "primitive":
        return schema.primitives[type.subtype];
      case "string":
        return wrap(schema.string(type.maybe_element_count));
      case "vector": {
        const element = type.element_type;
        if (element.kind_v2 === "primitive" && element.subtype === "uint8") return wrap(schema.bytes(type.maybe_element_count));
        return wrap(schema.vector(this.type(element), type.maybe_element_count));
      }
      case "array": {
        const element = type.element_type;
        if (element.kind_v2 === "primitive" && element.subtype === "uint8") return schema.byteArray(type.element_count);
        return schema.array(this.type(element), type.element_count);
      }
      case "handle":
        return wrap(schema.handle(type.subtype));
      case "endpoint":
        return wrap(type.role === "client" ? schema.clientEnd(type.protocol) : schema.serverEnd(type.protocol));
      case "identifier":
        return wrap(this.decl(type.identifier));
      case "internal":
        return z.never();
    }
  }

  /** The schema of the declaration `name` (struct, table, union, enum, bits or alias). */
  decl(name: string): z.ZodType {
    const cached = this.#decls.get(name);
    if (cached !== undefined) return cached;
    // A recursive type (through box / optional / vector) refers to itself while being built.
    if (this.#building.has(name)) return z.lazy(() => this.#decls.get(name)!);
    this.#building.add(name);
    try {
      const built = this.#build(this.#index.type(name));
      this.#decls.set(name, built);
      return built;
    } finally {
      this.#building.delete(name);
    }
  }

  #build(found: TypeDecl): z.ZodType {
    switch (found.kind) {
      case "struct": {
        const fields: schema.Fields = {};
        for (const member of found.decl.members) {
          const field = this.type(member.type);
          const defaultValue = member.maybe_default_value;
          fields[member.name] = defaultValue === undefined ? field : field.default(this.constant(defaultValue, member.type) as never);
        }
        return schema.struct(fields);
      }
      case "table": {
        const fields: schema.Fields = {};
        const members = [...found.decl.members].sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
        for (const member of members) fields[member.name] = this.type(member.type);
        return schema.table(fields);
      }
      case "union": {
        const variants: schema.Fields = {};
        const members = [...found.decl.members].sort((a, b) => (a.ordinal ?? 0) - (b.ordinal ?? 0));
        for (const member of members) variants[member.name] = this.type(member.type);
        return schema.union(variants, { flexible: !found.decl.strict });
      }
      case "enum": {
        const wide = found.decl.type === "int64" || found.decl.type === "uint64";
        const members: Record<string, number | bigint> = {};
        for (const member of found.decl.members) members[member.name] = wide ? BigInt(member.value.value) : Number(member.value.value);
        return schema.enumOf(schema.primitives[found.decl.type] as z.ZodType<number>, members, { flexible: !found.decl.strict });
      }
      case "bits": {
        const subtype = found.decl.type.kind_v2 === "primitive" ? found.decl.type.subtype : "uint32";
        const wide = subtype === "int64" || subtype === "uint64";
        const mask = wide ? BigInt(found.decl.mask) : Number(found.decl.mask);
        return schema.bitsOf(schema.primitives[subtype] as z.ZodType<number>, mask, { flexible: !found.decl.strict });
      }
      case "alias":
        return this.type(found.decl.type);
    }
  }

  /** A constant's value as generated code writes it (bigint for 64-bit integers). */
  constant(value: IrConstant, type: IrType): unknown {
    if (type.kind_v2 === "string") return value.value;
    let subtype: string | undefined;
    if (type.kind_v2 === "primitive") subtype = type.subtype;
    else if (type.kind_v2 === "identifier") {
      const found = this.#index.findType(type.identifier);
      if (found?.kind === "enum") subtype = found.decl.type;
      else if (found?.kind === "bits" && found.decl.type.kind_v2 === "primitive") subtype = found.decl.type.subtype;
    }
    if (subtype === "bool") return value.value === "true";
    if (subtype === "int64" || subtype === "uint64") return BigInt(value.value);
    if (subtype !== undefined) return Number(value.value);
    return value.value;
  }
}
