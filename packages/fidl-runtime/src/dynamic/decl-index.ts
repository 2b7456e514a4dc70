// Every declaration of a set of IR libraries by fully qualified name: what dynamic bindings look
// types and protocols up in.
import type { IrAlias, IrBits, IrEnum, IrLibrary, IrProtocol, IrStruct, IrTable, IrUnion } from "../compiler/ir.ts";
import type { ShapeLookup } from "../compiler/protocol-shape.ts";
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";

/** A type declaration, tagged by kind. */
export type TypeDecl =
  | { readonly kind: "struct"; readonly decl: IrStruct }
  | { readonly kind: "table"; readonly decl: IrTable }
  | { readonly kind: "union"; readonly decl: IrUnion }
  | { readonly kind: "enum"; readonly decl: IrEnum }
  | { readonly kind: "bits"; readonly decl: IrBits }
  | { readonly kind: "alias"; readonly decl: IrAlias };

/** Declarations of several libraries, by fully qualified name (`fuchsia.examples/Echo`). */
export class DeclIndex implements ShapeLookup {
  readonly #types = new Map<string, TypeDecl>();
  readonly #protocols = new Map<string, IrProtocol>();

  constructor(libraries: readonly IrLibrary[]) {
    for (const library of libraries) {
      for (const decl of library.struct_declarations) this.#types.set(decl.name, { kind: "struct", decl });
      for (const decl of library.table_declarations) this.#types.set(decl.name, { kind: "table", decl });
      for (const decl of library.union_declarations) this.#types.set(decl.name, { kind: "union", decl });
      for (const decl of library.enum_declarations) this.#types.set(decl.name, { kind: "enum", decl });
      for (const decl of library.bits_declarations) this.#types.set(decl.name, { kind: "bits", decl });
      for (const decl of library.alias_declarations) this.#types.set(decl.name, { kind: "alias", decl });
      for (const decl of library.protocol_declarations) this.#protocols.set(decl.name, decl);
    }
  }

  /** The type declaration `name`; throws NOT_FOUND naming it when no loaded library has it. */
  type(name: string): TypeDecl {
    const found = this.#types.get(name);
    if (found === undefined) throw new ZxError(ZxStatus.NOT_FOUND, `type ${name} is not declared in any loaded library`);
    return found;
  }

  /** The type declaration `name`, or `undefined`. */
  findType(name: string): TypeDecl | undefined {
    return this.#types.get(name);
  }

  /** The union declared as `fqn`, if any. */
  union(fqn: string): IrUnion | undefined {
    const found = this.#types.get(fqn);
    return found?.kind === "union" ? found.decl : undefined;
  }

  /** True if `fqn` is the empty success struct fidlc synthesizes for `-> () error E`. */
  isEmptySuccessStruct(fqn: string): boolean {
    const found = this.#types.get(fqn);
    return found?.kind === "struct" && found.decl.is_empty_success_struct === true;
  }

  /** Every protocol, by fully qualified name. */
  get protocols(): ReadonlyMap<string, IrProtocol> {
    return this.#protocols;
  }
}
