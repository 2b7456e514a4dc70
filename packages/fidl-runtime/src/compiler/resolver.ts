// Resolver and type checker: syntax trees of one or more libraries to fidlc-shaped IR, with
// names, types, bounds, constants, strictness, resourceness, protocols and ordinals checked.
import { methodOrdinal } from "../wire/ordinal.ts";
import type {
  AttributeNode,
  CompoundName,
  ConstantExpr,
  DeclNode,
  FileNode,
  LayoutMemberNode,
  LayoutNode,
  MethodNode,
  TypeCtorNode,
  UsingNode,
} from "./ast.ts";
import {
  type ConstValue,
  INTEGER_RANGES,
  formatConstValue,
  isIntegerType,
  isUnsignedType,
  parseNumeric,
} from "./constants.ts";
import { type Diagnostic, FidlCompileError, type SourceLocation, fail } from "./diagnostics.ts";
import type {
  IrAlias,
  IrAttribute,
  IrBits,
  IrConst,
  IrConstant,
  IrDeclKind,
  IrEnum,
  IrLibrary,
  IrLocation,
  IrMember,
  IrMethod,
  IrProtocol,
  IrService,
  IrStruct,
  IrTable,
  IrType,
  IrUnion,
  IrValueMember,
  PrimitiveSubtype,
} from "./ir.ts";
import { parseFile } from "./parser.ts";
import { toUpperCamelCase } from "./naming.ts";
import { HANDLE_SUBTYPES, SAME_RIGHTS, ZX_FILENAME, ZX_LIBRARY, ZX_SOURCE } from "./zx-library.ts";

/** One input file. */
export interface SourceInput {
  readonly filename: string;
  readonly text: string;
}

const PRIMITIVES = new Set<string>([
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float32",
  "float64",
]);
const BUILTIN_TYPES = new Set(["string", "vector", "array", "box", "bytes", "client_end", "server_end"]);
const MAX_SIZE = 4294967295n;

/** A naming context for an anonymous layout: names from outer to inner, and the flattened name. */
interface NamingContext {
  readonly names: readonly string[];
  readonly flattened: string;
}

interface DeclEntry {
  readonly node: DeclNode;
  readonly kind: IrDeclKind;
  readonly fqn: string;
  state: "pending" | "compiling" | "done";
  /** Layout declarations: their layout node (for kind and resourceness without compiling). */
  readonly layout?: LayoutNode;
  alias?: { type: IrType; resource: boolean; ir: IrAlias };
  constant?: { value: ConstValue; ir: IrConst };
  enumValues?: Map<string, ConstValue>;
  underlying?: PrimitiveSubtype;
  protocol?: IrProtocol;
}

interface GeneratedLayout {
  readonly fqn: string;
  readonly kind: "struct" | "table" | "union" | "enum" | "bits";
  readonly resource: boolean;
  readonly location: SourceLocation;
  /** Anonymous enums and bits: the underlying type and member values, once compiled. */
  underlying?: PrimitiveSubtype;
  enumValues?: Map<string, ConstValue>;
}

/** A library a file imports with `using`, and the statement that did it (for messages). */
interface FileImport {
  readonly library: Library;
  readonly using: UsingNode;
  /** Whether a reference in the file went through this import (fidlc rejects an unused one). */
  used: boolean;
}

/**
 * One reference that makes a declaration include another (fidlc compiles the target first):
 * `member` of the including layout, or none when an alias includes its aliased type.
 */
interface IncludeEdge {
  readonly to: string;
  readonly member: string | undefined;
}

/** The layout or alias whose type references are being resolved, for the include-cycle check. */
interface Includer {
  readonly fqn: string;
  readonly member: string | undefined;
  /** False under `box<T>` and `vector<T>:optional`, which fidlc does not compile through. */
  readonly compile: boolean;
}

const NO_IMPORTS: ReadonlyMap<string, FileImport> = new Map();

function isLower(c: string): boolean {
  return c >= "a" && c <= "z";
}

function isUpper(c: string): boolean {
  return c >= "A" && c <= "Z";
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

/**
 * fidlc's `Canonicalize` (tools/fidl/fidlc/src/utils.cc): lower snake case with `_` at every word
 * boundary and runs of `_` collapsed, so `FooBar`, `foo_bar`, `FOO_BAR` and `fooBar` are all
 * `foo_bar`. Two names of one scope may not share a canonical form.
 */
function canonicalize(identifier: string): string {
  let canonical = "";
  let prev = "_";
  for (let i = 0; i < identifier.length; i++) {
    const c = identifier[i]!;
    const next = identifier[i + 1];
    if (c === "_") {
      if (prev !== "_") canonical += "_";
    } else if (((isLower(prev) || isDigit(prev)) && isUpper(c)) || (prev !== "_" && isUpper(c) && next !== undefined && isLower(next))) {
      canonical += `_${c.toLowerCase()}`;
    } else {
      canonical += c.toLowerCase();
    }
    prev = c;
  }
  return canonical;
}

/** Orders dotted names component by component, as fidlc's maps keyed by name vectors do. */
function compareNames(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

/** A `using` statement as written, quoted, for messages. */
function usingText(using: UsingNode): string {
  return `'using ${using.library.parts.join(".")}${using.alias === undefined ? "" : ` as ${using.alias}`};'`;
}

/** `file:line:col` of a location, as messages cite another declaration. */
function at(location: SourceLocation | IrLocation): string {
  return `${location.filename}:${location.line}:${location.column}`;
}

/** The message for two names of one scope that differ but share a canonical form. */
function canonicalClash(what: string, name: string, other: string, otherAt: SourceLocation | IrLocation): string {
  return `${what} '${name}' conflicts with '${other}' (declared at ${at(otherAt)}): both are '${canonicalize(name)}' in canonical form`;
}

/** The compiled state of one library. */
class Library {
  readonly entries = new Map<string, DeclEntry>();
  /** Anonymous layouts by their synthesized local name. */
  readonly generated = new Map<string, GeneratedLayout>();
  readonly structs: IrStruct[] = [];
  readonly tables: IrTable[] = [];
  readonly unions: IrUnion[] = [];
  readonly enums: IrEnum[] = [];
  readonly bits: IrBits[] = [];
  readonly consts: IrConst[] = [];
  readonly aliases: IrAlias[] = [];
  readonly protocols: IrProtocol[] = [];
  readonly services: IrService[] = [];
  /** Declarations in the order they finished compiling (dependencies first). */
  readonly order: string[] = [];
  /**
   * Per file (fidlc scopes `using` to its file): imported libraries by the name used to refer to
   * them (full name and alias).
   */
  readonly fileImports = new Map<string, Map<string, FileImport>>();
  /** Declaration and anonymous layout names by canonical form, to reject names that differ only in case or `_`. */
  readonly canonicalNames = new Map<string, { readonly name: string; readonly location: SourceLocation }>();
  readonly usedDependencies = new Set<Library>();
  attributes: AttributeNode[] = [];

  constructor(
    readonly name: string,
    readonly files: readonly FileNode[],
  ) {}
}

function irLocation(location: SourceLocation): IrLocation {
  return { filename: location.filename, line: location.line, column: location.column, length: location.length };
}

function nameText(name: CompoundName): string {
  return name.parts.join(".");
}

function expressionText(expr: ConstantExpr): string {
  switch (expr.kind) {
    case "literal":
      return expr.expression;
    case "identifier":
      return nameText(expr.name);
    case "binary":
      return `${expressionText(expr.left)} | ${expressionText(expr.right)}`;
  }
}

/** Compiles a set of libraries. */
class Compiler {
  private readonly libraries = new Map<string, Library>();
  /** Include edges by the fully qualified name of the layout or alias they start from. */
  private readonly includes = new Map<string, IncludeEdge[]>();
  /** Whose type references {@link resolveType} is resolving now (none outside layouts and aliases). */
  private includer: Includer | undefined;

  constructor(files: readonly FileNode[]) {
    const byLibrary = new Map<string, FileNode[]>();
    for (const file of files) {
      const name = nameText(file.library);
      const list = byLibrary.get(name) ?? [];
      list.push(file);
      byLibrary.set(name, list);
    }
    const needsZx = files.some((file) => file.usings.some((u) => nameText(u.library) === ZX_LIBRARY));
    if (needsZx) byLibrary.set(ZX_LIBRARY, [parseFile(ZX_FILENAME, ZX_SOURCE)]);
    for (const [name, list] of byLibrary) this.libraries.set(name, new Library(name, list));
  }

  compile(): IrLibrary[] {
    // Wire up imports first so that cycles and unknown libraries are reported up front.
    for (const library of this.libraries.values()) {
      for (const file of library.files) {
        const imports = library.fileImports.get(file.filename) ?? new Map<string, FileImport>();
        library.fileImports.set(file.filename, imports);
        for (const using of file.usings) {
          const target = this.libraries.get(nameText(using.library));
          if (target === undefined) {
            fail(using.library.location, `unknown library '${nameText(using.library)}' (no file declares it; pass its .fidl file too)`);
          }
          if (target === library) fail(using.library.location, `library '${library.name}' cannot import itself`);
          this.checkImport(imports, using, target);
          // As in fidlc, an aliased import is reachable through its alias only.
          imports.set(using.alias ?? nameText(using.library), { library: target, using, used: false });
        }
      }
    }
    const ordered = this.dependencyOrder();
    for (const library of ordered) {
      this.registerDecls(library);
      this.checkCanonicalDeclNames(library);
    }
    const out: IrLibrary[] = [];
    for (const library of ordered) {
      this.compileLibrary(library);
      this.checkIncludeCycles(library);
      out.push(this.toIr(library));
      // After toIr: library attributes, compiled there, may reference an import too.
      this.checkUnusedImports(library);
    }
    return out;
  }

  /**
   * Rejects a second `using` of a library in one file, whatever the aliases (fidlc's
   * ErrDuplicateLibraryImport), then one whose name or alias is already taken by another import
   * of the file (ErrConflictingLibraryImport, ErrConflictingLibraryImportAlias), in that order,
   * as fidlc's Dependencies::Register checks them.
   */
  private checkImport(imports: ReadonlyMap<string, FileImport>, using: UsingNode, target: Library): void {
    for (const other of imports.values()) {
      if (other.library === target) {
        fail(using.location, `duplicate import of library '${target.name}': ${usingText(other.using)} at ${at(other.using.location)} already imports it (a file imports a library once)`);
      }
    }
    const key = using.alias ?? target.name;
    const other = imports.get(key);
    if (other === undefined) return;
    const what = using.alias === undefined ? `import of library '${target.name}'` : `import of library '${target.name}' as '${using.alias}'`;
    fail(using.location, `${what} conflicts with ${usingText(other.using)} at ${at(other.using.location)}: both would be referred to as '${key}' (import one of them with 'as' under another name)`);
  }

  /**
   * Rejects a `using` that no reference in its file goes through (fidlc's ErrUnusedImport, checked
   * after everything else compiled). fidlc keeps imports by file name, then by library name or
   * alias, so the first unused one in that order is reported.
   */
  private checkUnusedImports(library: Library): void {
    const files = [...library.fileImports.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const file of files) {
      const imports = [...library.fileImports.get(file)!].sort(([a], [b]) => compareNames(a.split("."), b.split(".")));
      for (const [, entry] of imports) {
        if (entry.used) continue;
        fail(entry.using.library.location, `unused import: library '${library.name}' imports '${entry.library.name}' in ${file}, but nothing in ${file} refers to it; remove ${usingText(entry.using)} or refer to it`);
      }
    }
  }

  private dependencyOrder(): Library[] {
    const order: Library[] = [];
    const state = new Map<Library, "visiting" | "done">();
    const visit = (library: Library, via: SourceLocation | undefined): void => {
      const s = state.get(library);
      if (s === "done") return;
      if (s === "visiting") fail(via!, `library '${library.name}' is part of an import cycle`);
      state.set(library, "visiting");
      for (const file of library.files) {
        for (const using of file.usings) {
          const target = this.libraries.get(nameText(using.library))!;
          visit(target, using.library.location);
        }
      }
      state.set(library, "done");
      order.push(library);
    };
    for (const library of this.libraries.values()) visit(library, undefined);
    return order;
  }

  private registerDecls(library: Library): void {
    for (const file of library.files) {
      // fidlc consumes a file's declarations by kind (aliases, constants, protocols, services,
      // then types), so of several names that conflict with an import it reports in that order.
      const rank = { alias: 0, const: 1, protocol: 2, service: 3, type: 4 } as const;
      const byKind = [...file.decls].sort((a, b) => rank[a.kind] - rank[b.kind]);
      for (const node of byKind) this.checkNameAgainstImports(library, node.name, node.location, false);
    }
    for (const file of library.files) {
      library.attributes.push(...file.attributes);
      for (const node of file.decls) {
        const existing = library.entries.get(node.name);
        if (existing !== undefined) {
          const at = existing.node.location;
          fail(node.location, `duplicate name '${node.name}': already declared at ${at.filename}:${at.line}:${at.column}`);
        }
        let kind: IrDeclKind;
        let layout: LayoutNode | undefined;
        if (node.kind === "type") {
          if (node.type.layout === undefined) {
            fail(node.type.location, `'type ${node.name} = ${node.type.name ? nameText(node.type.name) : "?"}' (a new type) is not supported; use 'alias'`);
          }
          layout = node.type.layout;
          kind = layout.kind;
        } else {
          kind = node.kind;
        }
        library.entries.set(node.name, {
          node,
          kind,
          fqn: `${library.name}/${node.name}`,
          state: "pending",
          ...(layout === undefined ? {} : { layout }),
        });
      }
    }
  }

  /**
   * Rejects a declaration named like a library its file imports (by full name, when that is one
   * word, or by alias), exactly or in canonical form: fidlc's ConsumeStep::RegisterDecl
   * (ErrDeclNameConflictsWithLibraryImport and its Canonical variant). The canonical form of the
   * name is compared with the import's name as written. An anonymous layout's span is its layout,
   * never a bare name, so only its canonical form can conflict.
   */
  private checkNameAgainstImports(library: Library, name: string, location: SourceLocation, anonymous: boolean): void {
    const imports = this.importsIn(library, location);
    const canonical = canonicalize(name);
    const exact = anonymous ? undefined : imports.get(name);
    const other = exact ?? imports.get(canonical);
    if (other === undefined) return;
    const what = anonymous ? `the anonymous layout here is named '${name}', which` : `declaration name '${name}'`;
    const why = exact === undefined ? `: its canonical form is '${canonical}'` : "";
    const fix = anonymous ? "rename the layout with @generated_name" : "rename it";
    fail(location, `${what} conflicts with ${usingText(other.using)} at ${at(other.using.location)}${why} (${fix}, or import the library under another name with 'using ${other.library.name} as ...;')`);
  }

  /**
   * Rejects two declarations whose names differ but share a canonical form. fidlc visits
   * declarations sorted by name, so of two such names the one that sorts later is reported.
   */
  private checkCanonicalDeclNames(library: Library): void {
    // The built-in zx declares old and new spellings (`status`, `Status`) so sources written
    // against either zx compile; fidlc's zx has them in different versions, never together.
    if (library.name === ZX_LIBRARY) return;
    const nodes = [...library.entries.values()].map((entry) => entry.node);
    nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const node of nodes) {
      const canonical = canonicalize(node.name);
      const other = library.canonicalNames.get(canonical);
      if (other !== undefined) fail(node.location, canonicalClash("name", node.name, other.name, other.location));
      library.canonicalNames.set(canonical, { name: node.name, location: node.location });
    }
  }

  /**
   * Rejects a layout that includes itself, as fidlc's CompileStep does (ErrIncludeCycle): a
   * struct, table or union member, array element or non-optional vector element compiles its
   * type first; `box<T>`, an optional union and `vector<T>:optional` do not, so only they break
   * a cycle. An alias always compiles its aliased type. Declarations are visited sorted by name,
   * as fidlc does, so the same cycle is reported from the same declaration.
   */
  private checkIncludeCycles(library: Library): void {
    const prefix = `${library.name}/`;
    const local = (fqn: string): string => fqn.slice(prefix.length);
    const starts = [...this.includes.keys()].filter((fqn) => fqn.startsWith(prefix));
    starts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const state = new Map<string, "visiting" | "done">();
    const path: { from: string; member: string | undefined; to: string }[] = [];
    const visit = (fqn: string): void => {
      const s = state.get(fqn);
      if (s === "done") return;
      if (s === "visiting") {
        const cycle = path.slice(path.findIndex((step) => step.from === fqn));
        const steps = cycle.map((step) => (step.member === undefined ? local(step.from) : `${local(step.from)}.${step.member}`));
        const name = local(fqn);
        fail(this.declLocation(library, name), `'${name}' includes itself: ${[...steps, name].join(" -> ")} (${this.cycleBreakHint(cycle, local)})`);
      }
      state.set(fqn, "visiting");
      for (const edge of this.includes.get(fqn) ?? []) {
        path.push({ from: fqn, member: edge.member, to: edge.to });
        visit(edge.to);
        path.pop();
      }
      state.set(fqn, "done");
    };
    for (const fqn of starts) visit(fqn);
  }

  /**
   * How to break an include cycle: only a struct member may be optional (table and union members
   * may not), so the fix goes on the last struct member of the cycle.
   */
  private cycleBreakHint(cycle: readonly { from: string; member: string | undefined; to: string }[], local: (fqn: string) => string): string {
    const step = [...cycle].reverse().find((s) => this.declKindOf(s.from) === "struct");
    if (step === undefined) return "a table or union cannot contain itself except through an optional struct member";
    const target = local(step.to);
    const member = `${local(step.from)}.${step.member}`;
    const kind = this.declKindOf(step.to);
    if (kind === "alias") {
      return `use the aliased type, not alias '${target}', for ${member} and box it or make it optional: an alias's type is compiled even under box<T> or :optional`;
    }
    const fix = kind === "struct" ? `box<${target}>` : kind === "union" ? `${target}:optional` : `vector<${target}>:optional`;
    return `use ${fix} for ${member} to break the cycle`;
  }

  /** Where a declaration or anonymous layout of `library` is named. */
  private declLocation(library: Library, local: string): SourceLocation {
    return library.entries.get(local)?.node.location ?? library.generated.get(local)!.location;
  }

  /** Records that the current includer includes `fqn` (a layout or alias of the same library). */
  private include(fqn: string, always = false): void {
    const from = this.includer;
    if (from === undefined || (!from.compile && !always)) return;
    const edges = this.includes.get(from.fqn) ?? [];
    edges.push({ to: fqn, member: from.member });
    this.includes.set(from.fqn, edges);
  }

  /** Runs `resolve` with includes switched off, as under `box<T>` and `vector<T>:optional`. */
  private withoutIncludes<T>(resolve: () => T): T {
    const saved = this.includer;
    if (saved !== undefined) this.includer = { ...saved, compile: false };
    const result = resolve();
    this.includer = saved;
    return result;
  }

  private compileLibrary(library: Library): void {
    for (const entry of library.entries.values()) this.compileDecl(library, entry);
  }

  private toIr(library: Library): IrLibrary {
    const declarations: Record<string, IrDeclKind> = {};
    for (const fqn of library.order) {
      const local = fqn.slice(library.name.length + 1);
      const entry = library.entries.get(local);
      declarations[fqn] = entry?.kind ?? library.generated.get(local)!.kind;
    }
    const deps = [...library.usedDependencies].map((dep) => {
      const decls: Record<string, { kind: IrDeclKind }> = {};
      for (const entry of dep.entries.values()) decls[entry.fqn] = { kind: entry.kind };
      for (const [local, generated] of dep.generated) decls[`${dep.name}/${local}`] = { kind: generated.kind };
      return { name: dep.name, declarations: decls };
    });
    const attributes = this.attributes(library, library.attributes);
    const byName = <T extends { name: string }>(list: T[]): T[] => [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return {
      name: library.name,
      ...(attributes === undefined ? {} : { maybe_attributes: attributes }),
      library_dependencies: deps,
      bits_declarations: byName(library.bits),
      const_declarations: byName(library.consts),
      enum_declarations: byName(library.enums),
      protocol_declarations: byName(library.protocols),
      service_declarations: byName(library.services),
      struct_declarations: byName(library.structs),
      table_declarations: byName(library.tables),
      union_declarations: byName(library.unions),
      alias_declarations: byName(library.aliases),
      declaration_order: library.order,
      declarations,
      source_files: library.files.map((file) => file.filename),
    };
  }

  // ---- attributes -------------------------------------------------------------------------

  private attributes(library: Library, nodes: readonly AttributeNode[]): IrAttribute[] | undefined {
    if (nodes.length === 0) return undefined;
    this.checkAttributeNames(nodes);
    return nodes.map((node) => {
      return {
        name: node.name,
        arguments: node.args.map((arg) => {
          let value: IrConstant;
          if (arg.value.kind === "literal") {
            value = {
              kind: "literal",
              value: arg.value.value,
              expression: arg.value.expression,
              literal: { kind: arg.value.literal, value: arg.value.value, expression: arg.value.expression },
            };
          } else {
            // Attribute arguments that reference constants are resolved like any constant.
            const resolved = this.resolveUntypedConstant(library, arg.value);
            value = resolved.ir;
          }
          return { name: arg.name, type: arg.value.kind === "literal" && arg.value.literal === "string" ? "string" : "bool", value };
        }),
      };
    });
  }

  /**
   * Rejects two attributes of one element with the same name or the same canonical form, as
   * fidlc's CompileStep::CompileAttributeList does (ErrDuplicateAttribute,
   * ErrDuplicateAttributeCanonical): `@fooBar` and `@FooBar` clash, `@foobar` and `@FooBar` do not.
   */
  private checkAttributeNames(nodes: readonly AttributeNode[]): void {
    const seen = new Map<string, AttributeNode>();
    for (const node of nodes) {
      const canonical = canonicalize(node.name);
      const other = seen.get(canonical);
      // @doc stays exempt, as before: each file of a library may document it, and the files' library
      // attributes are merged into one list here.
      if (other !== undefined && canonical !== "doc") {
        if (other.name === node.name) fail(node.location, `duplicate attribute '@${node.name}': already at ${at(other.location)}`);
        fail(node.location, `attribute '@${node.name}' conflicts with '@${other.name}' (at ${at(other.location)}): both are '${canonical}' in canonical form`);
      }
      seen.set(canonical, node);
    }
  }

  private attributeString(nodes: readonly AttributeNode[], name: string): { value: string | undefined; node: AttributeNode } | undefined {
    const node = nodes.find((attribute) => attribute.name.toLowerCase() === name);
    if (node === undefined) return undefined;
    const arg = node.args[0];
    if (arg === undefined) return { value: undefined, node };
    if (arg.value.kind !== "literal" || arg.value.literal !== "string") fail(arg.location, `@${name} takes a string`);
    return { value: arg.value.value, node };
  }

  // ---- name lookup ------------------------------------------------------------------------

  /** Resolves a compound name to a declaration (and optional member), in `library`'s scope. */
  private lookup(library: Library, name: CompoundName): { library: Library; decl: string; member?: string } | undefined {
    const parts = name.parts;
    if (parts.length === 1) {
      if (library.entries.has(parts[0]!) || library.generated.has(parts[0]!)) return { library, decl: parts[0]! };
      return undefined;
    }
    if (parts.length === 2 && library.entries.has(parts[0]!)) return { library, decl: parts[0]!, member: parts[1]! };
    const imports = this.importsIn(library, name.location);
    for (let split = parts.length - 1; split >= 1; split--) {
      const libName = parts.slice(0, split).join(".");
      const rest = parts.slice(split);
      if (rest.length > 2) continue;
      const imported = libName === library.name ? undefined : imports.get(libName);
      // fidlc marks an import used as soon as a name's prefix resolves to it as a library.
      if (imported !== undefined) imported.used = true;
      const target = libName === library.name ? library : imported?.library;
      if (target === undefined) continue;
      if (!target.entries.has(rest[0]!) && !target.generated.has(rest[0]!)) continue;
      if (target !== library) library.usedDependencies.add(target);
      return rest.length === 1 ? { library: target, decl: rest[0]! } : { library: target, decl: rest[0]!, member: rest[1]! };
    }
    return undefined;
  }

  /** The libraries the file of `location` imports (fidlc scopes `using` to its file). */
  private importsIn(library: Library, location: SourceLocation): ReadonlyMap<string, FileImport> {
    return library.fileImports.get(location.filename) ?? NO_IMPORTS;
  }

  private unknownName(library: Library, name: CompoundName, what: string): never {
    const parts = name.parts;
    const text = nameText(name);
    if (parts.length > 1) {
      const imports = this.importsIn(library, name.location);
      const libName = parts.slice(0, -1).join(".");
      const known = libName === library.name || imports.has(libName);
      const firstLib = [...Array(parts.length - 1).keys()].some((i) => imports.has(parts.slice(0, i + 1).join(".")));
      if (!known && !firstLib && !library.entries.has(parts[0]!)) {
        for (const { using } of imports.values()) {
          if (using.alias !== undefined && nameText(using.library) === libName) {
            fail(name.location, `unknown ${what} '${text}': library '${libName}' is imported as '${using.alias}' here; write '${using.alias}.${parts.at(-1)}'`);
          }
        }
        // Another file of the library may import it: say that its `using` does not reach here.
        const here = name.location.filename;
        for (let split = parts.length - 1; split >= 1; split--) {
          const prefix = parts.slice(0, split).join(".");
          for (const [file, fileImports] of library.fileImports) {
            const elsewhere = file === here ? undefined : fileImports.get(prefix);
            if (elsewhere !== undefined) {
              const using = elsewhere.using;
              const statement = `using ${nameText(using.library)}${using.alias === undefined ? "" : ` as ${using.alias}`};`;
              fail(name.location, `unknown ${what} '${text}': '${statement}' in ${file} does not apply to ${here} (a 'using' covers only its own file; add it to ${here})`);
            }
          }
        }
        fail(name.location, `unknown ${what} '${text}': library '${libName}' is not imported (add 'using ${libName};')`);
      }
    }
    fail(name.location, `unknown ${what} '${text}'`);
  }

  // ---- declarations -----------------------------------------------------------------------

  private compileDecl(library: Library, entry: DeclEntry): void {
    if (entry.state === "done") return;
    if (entry.state === "compiling") {
      fail(entry.node.location, `'${entry.node.name}' depends on itself (a cycle of aliases, constants or compositions)`);
    }
    entry.state = "compiling";
    // A declaration compiled on demand (an alias, an enum) does not include into its requester.
    const includer = this.includer;
    this.includer = undefined;
    const node = entry.node;
    switch (node.kind) {
      case "const":
        this.compileConst(library, entry, node);
        break;
      case "alias":
        this.compileAlias(library, entry, node);
        break;
      case "type": {
        const context = { names: [node.name], flattened: node.name };
        this.compileLayout(library, node.type.layout!, context, node.attributes, node.location, node.type);
        break;
      }
      case "protocol":
        this.compileProtocol(library, entry, node);
        break;
      case "service":
        this.compileService(library, node);
        break;
    }
    this.includer = includer;
    entry.state = "done";
    if (node.kind !== "type") library.order.push(entry.fqn);
  }

  private compileConst(library: Library, entry: DeclEntry, node: Extract<DeclNode, { kind: "const" }>): void {
    const type = this.resolveType(library, node.type, { names: [node.name], flattened: node.name });
    const constantOk =
      type.kind_v2 === "primitive" ||
      (type.kind_v2 === "string" && !type.nullable) ||
      (type.kind_v2 === "identifier" && ["enum", "bits"].includes(this.declKindOf(type.identifier) ?? ""));
    if (!constantOk) fail(node.type.location, `invalid constant type: '${this.describeType(type)}' (constants are primitives, strings, enums or bits)`);
    const resolved = this.resolveConstant(library, node.value, type);
    const attributes = this.attributes(library, node.attributes);
    const ir: IrConst = {
      name: entry.fqn,
      location: irLocation(node.location),
      ...(attributes === undefined ? {} : { maybe_attributes: attributes }),
      type,
      value: resolved.ir,
    };
    entry.constant = { value: resolved.value, ir };
    library.consts.push(ir);
  }

  private compileAlias(library: Library, entry: DeclEntry, node: Extract<DeclNode, { kind: "alias" }>): void {
    if (node.type.layout !== undefined) fail(node.type.location, "an alias cannot declare a layout; use 'type'");
    this.includer = { fqn: entry.fqn, member: undefined, compile: true };
    const type = this.resolveType(library, node.type, { names: [node.name], flattened: node.name });
    const attributes = this.attributes(library, node.attributes);
    const ir: IrAlias = {
      name: entry.fqn,
      location: irLocation(node.location),
      ...(attributes === undefined ? {} : { maybe_attributes: attributes }),
      type,
    };
    entry.alias = { type, resource: this.isResource(type), ir };
    library.aliases.push(ir);
  }

  /** Registers an anonymous layout's synthesized name, failing on a collision. */
  private registerGenerated(library: Library, name: string, kind: GeneratedLayout["kind"], resource: boolean, location: SourceLocation): string {
    const existing = library.entries.get(name);
    if (existing !== undefined) {
      const at = existing.node.location;
      fail(location, `name collision: the anonymous layout here is named '${name}', already declared at ${at.filename}:${at.line}:${at.column}`);
    }
    const other = library.generated.get(name);
    if (other !== undefined) {
      fail(location, `name collision: two anonymous layouts are named '${name}' (the other at ${other.location.filename}:${other.location.line}:${other.location.column}); use @generated_name`);
    }
    this.checkNameAgainstImports(library, name, location, true);
    const canonical = canonicalize(name);
    const clash = library.canonicalNames.get(canonical);
    if (clash !== undefined) {
      fail(location, `name collision: the anonymous layout here is named '${name}', which conflicts with '${clash.name}' (declared at ${at(clash.location)}): both are '${canonical}' in canonical form`);
    }
    library.canonicalNames.set(canonical, { name, location });
    library.generated.set(name, { fqn: `${library.name}/${name}`, kind, resource, location });
    return `${library.name}/${name}`;
  }

  /**
   * Compiles a layout (top-level `type X = ...` or anonymous) and returns its fully qualified name.
   * `anonymous` is true for inline layouts, which get a synthesized name from `context`.
   */
  private compileLayout(
    library: Library,
    layout: LayoutNode,
    context: NamingContext,
    attributeNodes: readonly AttributeNode[],
    location: SourceLocation,
    ctor: TypeCtorNode,
    anonymous = false,
    extra: { isResult?: boolean; isEmptySuccess?: boolean; frameworkErr?: boolean } = {},
  ): string {
    const m = layout.modifiers;
    const generatedName = this.attributeString(attributeNodes, "generated_name");
    let fqn: string;
    let context2 = context;
    if (anonymous) {
      const local = generatedName?.value ?? context.flattened;
      if (generatedName !== undefined && generatedName.value === undefined) fail(generatedName.node.location, "@generated_name needs a name");
      context2 = { names: context.names, flattened: local };
      fqn = this.registerGenerated(library, local, layout.kind, m.resource === true, location);
    } else {
      if (generatedName !== undefined) fail(generatedName.node.location, "@generated_name is only allowed on anonymous layouts");
      fqn = `${library.name}/${context.flattened}`;
    }
    if (ctor.constraints.length > 0 && !anonymous) {
      fail(ctor.constraints[0]!.location, "a type declaration cannot have constraints");
    }
    this.checkAttributeNames(attributeNodes);
    const attrs = this.attributes(library, attributeNodes.filter((a) => a.name.toLowerCase() !== "generated_name"));
    // Member types resolve with this layout as the includer; the enclosing one's comes back after.
    const outerIncluder = this.includer;
    this.includer = undefined;
    const base = {
      name: fqn,
      naming_context: context2.names,
      location: irLocation(location),
      ...(attrs === undefined ? {} : { maybe_attributes: attrs }),
    };
    switch (layout.kind) {
      case "struct": {
        if (m.strictness !== undefined) fail(layout.modifierLocation ?? layout.location, `structs cannot be ${m.strictness}`);
        const names = new Map<string, LayoutMemberNode>();
        const members: IrMember[] = layout.members.map((member) => {
          this.checkUniqueMember(names, member, "struct");
          this.includer = { fqn, member: member.name, compile: true };
          const type = this.resolveMemberType(library, member, context2);
          if (!m.resource && this.isResource(type)) {
            fail(member.type!.location, `'${member.name}' has a resource type (${this.describeType(type)}), so the struct must be declared 'resource struct'`);
          }
          let defaultValue: IrConstant | undefined;
          if (member.value !== undefined) {
            const defaultable = type.kind_v2 === "primitive" || type.kind_v2 === "string" || (type.kind_v2 === "identifier" && ["enum", "bits"].includes(this.declKindOf(type.identifier) ?? ""));
            if (!defaultable) fail(member.value.location, `'${member.name}' cannot have a default value: only primitives, strings, enums and bits can`);
            defaultValue = this.resolveConstant(library, member.value, type).ir;
          }
          return this.member(library, member, type, undefined, defaultValue);
        });
        const ir: IrStruct = {
          ...base,
          members,
          resource: m.resource === true,
          is_empty_success_struct: extra.isEmptySuccess === true,
        };
        library.structs.push(ir);
        break;
      }
      case "table":
      case "union": {
        if (layout.kind === "table" && m.strictness !== undefined) fail(layout.modifierLocation ?? layout.location, `tables cannot be ${m.strictness}`);
        const names = new Map<string, LayoutMemberNode>();
        const ordinals = new Map<number, string>();
        const members: IrMember[] = [];
        for (const member of layout.members) {
          const ordinal = member.ordinal!;
          const previous = ordinals.get(ordinal);
          if (previous !== undefined) fail(member.ordinalLocation ?? member.nameLocation, `duplicate ${layout.kind} ordinal ${ordinal} (also used by '${previous}')`);
          ordinals.set(ordinal, member.name);
          if (layout.kind === "table" && ordinal > 64) fail(member.ordinalLocation ?? member.nameLocation, `table ordinal ${ordinal} is over the maximum of 64`);
          // A reserved member has no IR, but fidlc still compiles its attributes (and their references).
          if (member.reserved) {
            this.attributes(library, member.attributes);
            continue;
          }
          this.checkUniqueMember(names, member, layout.kind);
          this.includer = { fqn, member: member.name, compile: true };
          const type = this.resolveMemberType(library, member, context2);
          if ("nullable" in type && type.nullable) {
            fail(member.type!.location, `${layout.kind} members cannot be optional ('${member.name}'); absence is already expressible`);
          }
          if (!m.resource && this.isResource(type)) {
            fail(member.type!.location, `'${member.name}' has a resource type (${this.describeType(type)}), so the ${layout.kind} must be declared 'resource ${layout.kind}'`);
          }
          members.push(this.member(library, member, type, ordinal));
        }
        // fidlc lists table and union members by ordinal, whatever the source order.
        members.sort((x, y) => (x.ordinal ?? 0) - (y.ordinal ?? 0));
        if (extra.frameworkErr) {
          members.push({ name: "framework_err", type: { kind_v2: "internal", subtype: "framework_error" }, ordinal: 3 });
        }
        if (layout.kind === "table") {
          library.tables.push({ ...base, members, strict: false, resource: m.resource === true });
        } else {
          library.unions.push({
            ...base,
            members,
            // FIDL's default strictness for unions, enums and bits is flexible.
            strict: m.strictness === "strict",
            resource: m.resource === true,
            ...(extra.isResult ? { is_result: true } : {}),
          });
        }
        break;
      }
      case "enum":
      case "bits":
        this.compileEnumOrBits(library, layout, fqn, base);
        break;
    }
    this.includer = outerIncluder;
    library.order.push(fqn);
    return fqn;
  }

  /** Rejects a member named like an earlier one, exactly or in canonical form (`names` is by canonical form). */
  private checkUniqueMember(names: Map<string, LayoutMemberNode>, member: LayoutMemberNode, kind: string): void {
    const canonical = canonicalize(member.name);
    const other = names.get(canonical);
    if (other !== undefined) {
      if (other.name === member.name) fail(member.nameLocation, `duplicate ${kind} member name '${member.name}'`);
      fail(member.nameLocation, canonicalClash(`${kind} member`, member.name, other.name, other.nameLocation));
    }
    names.set(canonical, member);
  }

  private resolveMemberType(library: Library, member: LayoutMemberNode, context: NamingContext): IrType {
    const inner: NamingContext = { names: [...context.names, member.name], flattened: toUpperCamelCase(member.name) };
    return this.resolveType(library, member.type!, inner, member.attributes);
  }

  private member(library: Library, member: LayoutMemberNode, type: IrType, ordinal?: number, defaultValue?: IrConstant): IrMember {
    // @generated_name on a member names its anonymous layout; it is not a member attribute.
    this.checkAttributeNames(member.attributes);
    const attrs = this.attributes(library, member.attributes.filter((a) => a.name.toLowerCase() !== "generated_name"));
    return {
      name: member.name,
      type,
      ...(ordinal === undefined ? {} : { ordinal }),
      ...(defaultValue === undefined ? {} : { maybe_default_value: defaultValue }),
      location: irLocation(member.nameLocation),
      ...(attrs === undefined ? {} : { maybe_attributes: attrs }),
    };
  }

  private compileEnumOrBits(
    library: Library,
    layout: LayoutNode,
    fqn: string,
    base: { name: string; naming_context: readonly string[]; location: IrLocation; maybe_attributes?: IrAttribute[] },
  ): void {
    const kind = layout.kind as "enum" | "bits";
    const m = layout.modifiers;
    if (m.resource) fail(layout.modifierLocation ?? layout.location, `${kind} cannot be 'resource'`);
    let underlying: PrimitiveSubtype = "uint32";
    if (layout.subtype !== undefined) {
      const t = this.resolveType(library, layout.subtype, { names: [], flattened: "" });
      if (t.kind_v2 !== "primitive" || !isIntegerType(t.subtype) || (kind === "bits" && !isUnsignedType(t.subtype))) {
        fail(layout.subtype.location, `${kind} must have an ${kind === "bits" ? "unsigned " : ""}integer type, not '${this.describeType(t)}'`);
      }
      underlying = t.subtype;
    }
    const values = new Map<string, ConstValue>();
    const seenValues = new Map<bigint, string>();
    const members: IrValueMember[] = [];
    const target: IrType = { kind_v2: "primitive", subtype: underlying };
    let unknownValue: bigint | undefined;
    let mask = 0n;
    // Members may refer to earlier members of the same declaration.
    const local = fqn.slice(library.name.length + 1);
    const entry = library.entries.get(local) ?? library.generated.get(local);
    if (entry !== undefined) {
      entry.enumValues = values;
      entry.underlying = underlying;
    }
    const names = new Map<string, LayoutMemberNode>();
    for (const member of layout.members) {
      this.checkUniqueMember(names, member, kind);
      const resolved = this.resolveConstant(library, member.value!, target);
      const value = (resolved.value as { value: bigint }).value;
      const other = seenValues.get(value);
      if (kind === "enum" && other !== undefined) fail(member.value!.location, `enum member '${member.name}' has the same value (${value}) as '${other}'`);
      if (kind === "bits") {
        if (value === 0n || (value & (value - 1n)) !== 0n) fail(member.value!.location, `bits member '${member.name}' must be a power of two, not ${value}`);
        if (other !== undefined) fail(member.value!.location, `bits member '${member.name}' has the same value (${value}) as '${other}'`);
        mask |= value;
      }
      seenValues.set(value, member.name);
      values.set(member.name, resolved.value);
      if (member.attributes.some((a) => a.name.toLowerCase() === "unknown")) {
        if (kind === "bits") fail(member.nameLocation, "@unknown is only allowed on enum members");
        if (m.strictness === "strict") fail(member.nameLocation, "@unknown is only allowed in flexible enums");
        unknownValue = value;
      }
      const attrs = this.attributes(library, member.attributes);
      members.push({
        name: member.name,
        value: resolved.ir,
        location: irLocation(member.nameLocation),
        ...(attrs === undefined ? {} : { maybe_attributes: attrs }),
      });
    }
    const strict = m.strictness === "strict";
    if (kind === "enum") {
      if (strict && members.length === 0) fail(layout.location, "a strict enum must have at least one member");
      const ir: IrEnum = {
        ...base,
        type: underlying,
        members,
        strict,
        ...(strict ? {} : { maybe_unknown_value: this.unknownValueOf(underlying, unknownValue) }),
      };
      library.enums.push(ir);
    } else {
      if (strict && members.length === 0) fail(layout.location, "strict bits must have at least one member");
      library.bits.push({ ...base, type: target, mask: mask.toString(), members, strict });
    }
  }

  private unknownValueOf(underlying: PrimitiveSubtype, custom: bigint | undefined): number | string {
    const value = custom ?? INTEGER_RANGES[underlying]![1];
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }

  // ---- protocols and services -------------------------------------------------------------

  private compileProtocol(library: Library, entry: DeclEntry, node: Extract<DeclNode, { kind: "protocol" }>): void {
    const openness = node.openness ?? "open";
    const methods: IrMethod[] = [];
    const composed: IrProtocol["composed_protocols"][number][] = [];
    const byName = new Map<string, IrMethod>();
    const byOrdinal = new Map<bigint, IrMethod>();
    const add = (method: IrMethod, location: SourceLocation): void => {
      // Composed methods count too, as in fidlc's PopulateAllMethods; `byName` is by canonical form.
      const other = byName.get(canonicalize(method.name));
      if (other !== undefined) {
        if (other.name === method.name) fail(location, `duplicate method name '${method.name}' in protocol '${node.name}'`);
        fail(location, canonicalClash("method", method.name, other.name, other.location ?? location));
      }
      const clash = byOrdinal.get(method.ordinal);
      if (clash !== undefined) fail(location, `method '${method.name}' has the same ordinal as '${clash.name}'; use @selector`);
      byName.set(canonicalize(method.name), method);
      byOrdinal.set(method.ordinal, method);
      methods.push(method);
    };
    for (const compose of node.composes) {
      const found = this.lookup(library, compose.name);
      if (found === undefined || found.member !== undefined) this.unknownName(library, compose.name, "protocol");
      const target = found.library.entries.get(found.decl);
      if (target === undefined || target.kind !== "protocol") fail(compose.name.location, `'${nameText(compose.name)}' is not a protocol; only protocols can be composed`);
      this.compileDecl(found.library, target);
      const composedIr = target.protocol!;
      const rank = { open: 2, ajar: 1, closed: 0 } as const;
      if (rank[composedIr.openness] > rank[openness]) {
        fail(compose.name.location, `${openness} protocol '${node.name}' cannot compose ${composedIr.openness} protocol '${nameText(compose.name)}'`);
      }
      const attrs = this.attributes(library, compose.attributes);
      composed.push({ name: target.fqn, ...(attrs === undefined ? {} : { maybe_attributes: attrs }) });
      for (const method of composedIr.methods) add({ ...method, is_composed: true }, compose.name.location);
    }
    for (const method of node.methods) add(this.compileMethod(library, node, openness, method), method.location);
    const attrs = this.attributes(library, node.attributes);
    const ir: IrProtocol = {
      name: entry.fqn,
      location: irLocation(node.location),
      ...(attrs === undefined ? {} : { maybe_attributes: attrs }),
      openness,
      composed_protocols: composed,
      methods,
    };
    const discoverable = this.attributeString(node.attributes, "discoverable");
    if (discoverable?.value !== undefined && !/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.[A-Z][A-Za-z0-9_]*$/.test(discoverable.value)) {
      fail(discoverable.node.location, `invalid @discoverable name '${discoverable.value}' (expected 'library.name.Protocol')`);
    }
    entry.protocol = ir;
    library.protocols.push(ir);
  }

  private compileMethod(library: Library, protocol: Extract<DeclNode, { kind: "protocol" }>, openness: "open" | "ajar" | "closed", method: MethodNode): IrMethod {
    // FIDL's default for methods and events is flexible.
    const strict = method.strictness === "strict";
    const kind = !method.hasRequest ? "event" : method.hasResponse ? "twoway" : "oneway";
    if (!strict) {
      if (openness === "closed") fail(method.location, `flexible ${kind === "event" ? "event" : "method"} '${method.name}' is not allowed in a closed protocol (mark it 'strict')`);
      if (openness === "ajar" && kind === "twoway") fail(method.location, `flexible two-way method '${method.name}' is not allowed in an ajar protocol (make the protocol open or the method strict)`);
    }
    const selector = this.attributeString(method.attributes, "selector");
    if (selector !== undefined && selector.value === undefined) fail(selector.node.location, "@selector needs a value");
    const ordinal = methodOrdinal(library.name, protocol.name, method.name, selector?.value);
    if (ordinal === 0n) fail(method.location, `method '${method.name}' hashes to ordinal 0; use @selector`);
    const base: NamingContext = { names: [protocol.name, method.name], flattened: "" };
    const requestContext: NamingContext = {
      names: [...base.names, "Request"],
      flattened: `${toUpperCamelCase(protocol.name)}${toUpperCamelCase(method.name)}Request`,
    };
    const allAttrs = this.attributes(library, method.attributes);
    let request: IrType | undefined;
    let response: IrType | undefined;
    let successType: IrType | undefined;
    let errType: IrType | undefined;
    if (kind !== "event" && method.request !== undefined) request = this.payloadType(library, method.request, requestContext, "request");
    if (kind === "event" && method.error !== undefined) fail(method.error.location, "events cannot use error syntax");
    const payloadNode = method.response;
    if (kind === "event") {
      const eventPayload = payloadNode === undefined ? undefined : this.payloadType(library, payloadNode, requestContext, "event");
      response = eventPayload;
    } else if (kind === "twoway") {
      const hasResult = method.error !== undefined || !strict;
      if (!hasResult) {
        const context: NamingContext = {
          names: [...base.names, "Response"],
          flattened: `${toUpperCamelCase(protocol.name)}${toUpperCamelCase(method.name)}Response`,
        };
        if (payloadNode !== undefined) response = this.payloadType(library, payloadNode, context, "response");
      } else {
        const successContext: NamingContext = {
          names: [...base.names, "Response", "response"],
          flattened: `${protocol.name}_${method.name}_Response`,
        };
        if (payloadNode === undefined) {
          const name = this.registerGenerated(library, successContext.flattened, "struct", false, method.location);
          library.structs.push({
            name,
            naming_context: successContext.names,
            location: irLocation(method.location),
            members: [],
            resource: false,
            is_empty_success_struct: true,
          });
          library.order.push(name);
          successType = { kind_v2: "identifier", identifier: name, nullable: false };
        } else {
          successType = this.payloadType(library, payloadNode, successContext, "response");
        }
        if (method.error !== undefined) {
          errType = this.resolveType(library, method.error, { names: [...base.names, "Error"], flattened: "" });
          const underlying =
            errType.kind_v2 === "primitive"
              ? errType.subtype
              : errType.kind_v2 === "identifier" && this.declKindOf(errType.identifier) === "enum"
                ? this.enumUnderlying(errType.identifier)
                : undefined;
          if (underlying !== "int32" && underlying !== "uint32") {
            fail(method.error.location, `invalid error type '${this.describeType(errType)}': must be int32, uint32, or an enum of one of those`);
          }
        }
        const resultName = `${protocol.name}_${method.name}_Result`;
        const resource = this.isResource(successType) || (errType !== undefined && this.isResource(errType));
        const fqn = this.registerGenerated(library, resultName, "union", resource, method.location);
        const members: IrMember[] = [{ name: "response", type: successType, ordinal: 1 }];
        if (errType !== undefined) members.push({ name: "err", type: errType, ordinal: 2 });
        if (!strict) members.push({ name: "framework_err", type: { kind_v2: "internal", subtype: "framework_error" }, ordinal: 3 });
        library.unions.push({
          name: fqn,
          naming_context: [...base.names, "Response"],
          location: irLocation(method.location),
          members,
          strict: true,
          resource,
          is_result: true,
        });
        library.order.push(fqn);
        response = { kind_v2: "identifier", identifier: fqn, nullable: false };
      }
    }
    const hasResponse = kind !== "oneway";
    const hasRequest = kind !== "event";
    return {
      kind,
      ordinal,
      name: method.name,
      strict,
      location: irLocation(method.location),
      ...(allAttrs === undefined ? {} : { maybe_attributes: allAttrs }),
      has_request: hasRequest,
      ...(request === undefined ? {} : { maybe_request_payload: request }),
      has_response: hasResponse,
      ...(response === undefined ? {} : { maybe_response_payload: response }),
      is_composed: false,
      has_error: errType !== undefined,
      ...(successType === undefined ? {} : { maybe_response_success_type: successType }),
      ...(errType === undefined ? {} : { maybe_response_err_type: errType }),
    };
  }

  /** A method payload: a struct, table or union (anonymous or named), never optional. */
  private payloadType(library: Library, ctor: TypeCtorNode, context: NamingContext, what: string): IrType {
    const type = this.resolveType(library, ctor, context);
    const kind = type.kind_v2 === "identifier" ? this.declKindOf(type.identifier) : undefined;
    if (kind !== "struct" && kind !== "table" && kind !== "union") {
      fail(ctor.location, `invalid ${what} payload type '${this.describeType(type)}': a payload must be a struct, table or union`);
    }
    if (type.kind_v2 === "identifier" && type.nullable) fail(ctor.location, `a ${what} payload cannot be optional`);
    if (kind === "struct" && ctor.layout !== undefined && ctor.layout.members.length === 0) {
      fail(ctor.location, `empty struct ${what} payload: write '()' instead of '(struct {})'`);
    }
    return type;
  }

  private compileService(library: Library, node: Extract<DeclNode, { kind: "service" }>): void {
    const names = new Map<string, LayoutMemberNode>();
    const members: IrMember[] = node.members.map((member) => {
      this.checkUniqueMember(names, member, "service");
      const type = this.resolveType(library, member.type!, { names: [node.name, member.name], flattened: "" });
      if (type.kind_v2 !== "endpoint" || type.role !== "client") fail(member.type!.location, `service member '${member.name}' must be a client_end`);
      if (type.nullable) fail(member.type!.location, `service member '${member.name}' cannot be optional`);
      return this.member(library, member, type);
    });
    const attrs = this.attributes(library, node.attributes);
    library.services.push({
      name: `${library.name}/${node.name}`,
      location: irLocation(node.location),
      ...(attrs === undefined ? {} : { maybe_attributes: attrs }),
      members,
    });
  }

  // ---- types ------------------------------------------------------------------------------

  private declKindOf(fqn: string): IrDeclKind | undefined {
    const slash = fqn.indexOf("/");
    const library = this.libraries.get(fqn.slice(0, slash));
    const local = fqn.slice(slash + 1);
    return library?.entries.get(local)?.kind ?? library?.generated.get(local)?.kind;
  }

  private entryOf(fqn: string): DeclEntry | undefined {
    const slash = fqn.indexOf("/");
    return this.libraries.get(fqn.slice(0, slash))?.entries.get(fqn.slice(slash + 1));
  }

  private enumUnderlying(fqn: string): PrimitiveSubtype | undefined {
    const entry = this.entryOf(fqn);
    if (entry === undefined) {
      const slash = fqn.indexOf("/");
      return this.libraries.get(fqn.slice(0, slash))?.generated.get(fqn.slice(slash + 1))?.underlying;
    }
    if (entry.underlying === undefined && entry.state === "pending") {
      const slash = fqn.indexOf("/");
      this.compileDecl(this.libraries.get(fqn.slice(0, slash))!, entry);
    }
    return entry.underlying;
  }

  private isResource(type: IrType): boolean {
    switch (type.kind_v2) {
      case "handle":
      case "endpoint":
        return true;
      case "vector":
      case "array":
        return this.isResource(type.element_type);
      case "identifier": {
        const slash = type.identifier.indexOf("/");
        const library = this.libraries.get(type.identifier.slice(0, slash));
        const local = type.identifier.slice(slash + 1);
        const entry = library?.entries.get(local);
        if (entry?.layout !== undefined) return entry.layout.modifiers.resource === true;
        return library?.generated.get(local)?.resource ?? false;
      }
      default:
        return false;
    }
  }

  private describeType(type: IrType): string {
    switch (type.kind_v2) {
      case "primitive":
        return type.subtype;
      case "string":
        return "string";
      case "vector":
        return `vector<${this.describeType(type.element_type)}>`;
      case "array":
        return `array<${this.describeType(type.element_type)}, ${type.element_count}>`;
      case "handle":
        return "zx.Handle";
      case "endpoint":
        return `${type.role}_end:${type.protocol}`;
      case "identifier":
        return type.identifier;
      case "internal":
        return type.subtype;
    }
  }

  /** Splits `optional` from the other constraints. */
  private splitConstraints(constraints: readonly ConstantExpr[]): { optional: boolean; rest: ConstantExpr[] } {
    let optional = false;
    const rest: ConstantExpr[] = [];
    for (const c of constraints) {
      if (c.kind === "identifier" && c.name.parts.length === 1 && c.name.parts[0] === "optional") {
        if (optional) fail(c.location, "duplicate 'optional' constraint");
        optional = true;
      } else {
        rest.push(c);
      }
    }
    return { optional, rest };
  }

  private noParams(ctor: TypeCtorNode, what: string): void {
    if (ctor.params.length > 0) fail(ctor.location, `'${what}' takes no type parameters`);
  }

  private sizeBound(library: Library, c: ConstantExpr): number | undefined {
    if (c.kind === "identifier" && c.name.parts.length === 1 && c.name.parts[0] === "MAX" && !library.entries.has("MAX")) return undefined;
    const resolved = this.resolveConstant(library, c, { kind_v2: "primitive", subtype: "uint32" });
    const value = (resolved.value as { value: bigint }).value;
    if (value === 0n) fail(c.location, "a size bound must be at least 1");
    return value === MAX_SIZE ? undefined : Number(value);
  }

  /** Resolves a type constructor to an IR type; inline layouts are compiled under `context`. */
  private resolveType(library: Library, ctor: TypeCtorNode, context: NamingContext, memberAttributes: readonly AttributeNode[] = []): IrType {
    const { optional, rest } = this.splitConstraints(ctor.constraints);
    if (ctor.layout !== undefined) {
      if (context.flattened === "") fail(ctor.location, "an anonymous layout is not allowed here");
      const fqn = this.compileLayout(library, ctor.layout, context, memberAttributes, ctor.layout.location, ctor, true);
      if (rest.length > 0) fail(rest[0]!.location, `'${ctor.layout.kind}' cannot have a size bound or other constraints`);
      if (optional && ctor.layout.kind !== "union") {
        fail(ctor.location, ctor.layout.kind === "struct" ? "structs cannot be optional; use box<T>" : `${ctor.layout.kind}s cannot be optional`);
      }
      if (!optional) this.include(fqn);
      return { kind_v2: "identifier", identifier: fqn, nullable: optional };
    }
    const name = ctor.name!;
    const text = nameText(name);
    const local = name.parts.length === 1 && !library.entries.has(text) ? text : undefined;
    const boundError = (what: string): never => fail(rest[0]!.location, `bound on non-bounded type: '${what}' cannot have a size bound or other constraints`);
    if (local !== undefined && PRIMITIVES.has(local)) {
      this.noParams(ctor, local);
      if (optional) fail(ctor.location, `'${local}' cannot be optional`);
      if (rest.length > 0) boundError(local);
      return { kind_v2: "primitive", subtype: local as PrimitiveSubtype };
    }
    if (local !== undefined && BUILTIN_TYPES.has(local)) return this.resolveBuiltin(library, ctor, local, optional, rest, context);
    // zx.Handle (and fdf-free handle names) are the handle type.
    const handle = this.resolveHandle(library, ctor, optional, rest);
    if (handle !== undefined) return handle;
    const found = this.lookup(library, name);
    if (found === undefined || found.member !== undefined) {
      if (PRIMITIVES.has(text) || BUILTIN_TYPES.has(text)) return fail(name.location, `unknown type '${text}'`);
      this.unknownName(library, name, "type");
    }
    const entry = found.library.entries.get(found.decl);
    const generated = found.library.generated.get(found.decl);
    const kind = entry?.kind ?? generated?.kind;
    const fqn = `${found.library.name}/${found.decl}`;
    this.noParams(ctor, text);
    // Only layouts of this library can be on an include cycle: libraries do not import in a cycle.
    const sameLibrary = found.library === library;
    switch (kind) {
      case "alias": {
        // fidlc compiles an alias's type wherever the alias is used, even under box<T>.
        if (sameLibrary) this.include(fqn, true);
        this.compileDecl(found.library, entry!);
        return this.constrainAlias(library, entry!.alias!.type, optional, rest, ctor);
      }
      case "struct":
        if (rest.length > 0) boundError(text);
        if (optional) fail(ctor.location, `structs cannot be optional; use box<${text}>`);
        if (sameLibrary) this.include(fqn);
        return { kind_v2: "identifier", identifier: fqn, nullable: false };
      case "union":
        if (rest.length > 0) boundError(text);
        if (sameLibrary && !optional) this.include(fqn);
        return { kind_v2: "identifier", identifier: fqn, nullable: optional };
      case "table":
      case "enum":
      case "bits":
        if (rest.length > 0) boundError(text);
        if (optional) fail(ctor.location, `${kind === "enum" ? "enums" : kind === "bits" ? "bits" : "tables"} cannot be optional`);
        if (sameLibrary && kind === "table") this.include(fqn);
        return { kind_v2: "identifier", identifier: fqn, nullable: false };
      case "protocol":
        return fail(name.location, `'${text}' is a protocol, not a type; use client_end:${text} or server_end:${text}`);
      case "const":
        return fail(name.location, `'${text}' is a constant, not a type`);
      default:
        return fail(name.location, `'${text}' is not a type`);
    }
  }

  private constrainAlias(library: Library, type: IrType, optional: boolean, rest: ConstantExpr[], ctor: TypeCtorNode): IrType {
    if (rest.length > 0) {
      if (type.kind_v2 !== "string" && type.kind_v2 !== "vector") fail(rest[0]!.location, `bound on non-bounded type: '${nameText(ctor.name!)}' cannot have a size bound`);
      if (type.maybe_element_count !== undefined) fail(rest[0]!.location, `'${nameText(ctor.name!)}' is already bounded`);
      if (rest.length > 1) fail(rest[1]!.location, "too many constraints");
      const bound = this.sizeBound(library, rest[0]!);
      type = bound === undefined ? type : { ...type, maybe_element_count: bound };
    }
    if (optional) {
      if (!("nullable" in type) || (type.kind_v2 === "identifier" && this.declKindOf(type.identifier) !== "union")) {
        fail(ctor.location, `'${nameText(ctor.name!)}' cannot be optional`);
      }
      if (type.nullable) fail(ctor.location, `'${nameText(ctor.name!)}' is already optional`);
      type = { ...type, nullable: true } as IrType;
    }
    return type;
  }

  private resolveBuiltin(library: Library, ctor: TypeCtorNode, name: string, optional: boolean, rest: ConstantExpr[], context: NamingContext): IrType {
    const typeParam = (index: number): IrType => {
      const param = ctor.params[index];
      if (param === undefined || param.kind !== "type") fail(ctor.location, `'${name}' expects a type parameter`);
      return this.resolveType(library, param.type, context);
    };
    const tooMany = (max: number): void => {
      if (rest.length > max) fail(rest[max]!.location, `too many constraints on '${name}'`);
    };
    switch (name) {
      case "string": {
        this.noParams(ctor, name);
        tooMany(1);
        const bound = rest[0] === undefined ? undefined : this.sizeBound(library, rest[0]);
        return { kind_v2: "string", nullable: optional, ...(bound === undefined ? {} : { maybe_element_count: bound }) };
      }
      case "bytes":
      case "vector": {
        let element: IrType;
        if (name === "bytes") {
          this.noParams(ctor, name);
          element = { kind_v2: "primitive", subtype: "uint8" };
        } else {
          if (ctor.params.length !== 1) fail(ctor.location, "'vector' expects exactly one type parameter: vector<T>");
          // An optional vector is out of line and may be absent, so it breaks an include cycle.
          element = optional ? this.withoutIncludes(() => typeParam(0)) : typeParam(0);
        }
        tooMany(1);
        const bound = rest[0] === undefined ? undefined : this.sizeBound(library, rest[0]);
        return { kind_v2: "vector", element_type: element, nullable: optional, ...(bound === undefined ? {} : { maybe_element_count: bound }) };
      }
      case "array": {
        if (ctor.params.length !== 2) fail(ctor.location, "'array' expects a type and a size: array<T, N>");
        if (optional) fail(ctor.location, "arrays cannot be optional");
        if (rest.length > 0) fail(rest[0]!.location, "bound on non-bounded type: 'array' takes its size as a parameter, not a constraint");
        const element = typeParam(0);
        const sizeParam = ctor.params[1]!;
        const sizeExpr: ConstantExpr =
          sizeParam.kind === "constant"
            ? sizeParam.value
            : sizeParam.type.name !== undefined && sizeParam.type.params.length === 0 && sizeParam.type.constraints.length === 0
              ? { kind: "identifier", name: sizeParam.type.name, location: sizeParam.type.location }
              : fail(sizeParam.type.location, "array size must be a constant");
        const size = this.resolveConstant(library, sizeExpr, { kind_v2: "primitive", subtype: "uint32" });
        const count = (size.value as { value: bigint }).value;
        if (count === 0n) fail(sizeExpr.location, "array size must be at least 1");
        return { kind_v2: "array", element_type: element, element_count: Number(count) };
      }
      case "box": {
        if (ctor.params.length !== 1) fail(ctor.location, "'box' expects exactly one type parameter: box<T>");
        if (rest.length > 0) fail(rest[0]!.location, "bound on non-bounded type: 'box' cannot have a size bound");
        const inner = this.withoutIncludes(() => typeParam(0));
        if (inner.kind_v2 !== "identifier" || this.declKindOf(inner.identifier) !== "struct") {
          fail(ctor.params[0]!.kind === "type" ? ctor.params[0]!.type.location : ctor.location, `only structs can be boxed, not '${this.describeType(inner)}'`);
        }
        return { ...inner, nullable: true };
      }
      default: {
        // client_end / server_end
        this.noParams(ctor, name);
        if (rest.length === 0) fail(ctor.location, `'${name}' needs a protocol: ${name}:Protocol`);
        tooMany(1);
        const target = rest[0]!;
        if (target.kind !== "identifier") fail(target.location, `'${name}' needs a protocol name`);
        const found = this.lookup(library, target.name);
        if (found === undefined || found.member !== undefined) this.unknownName(library, target.name, "protocol");
        const entry = found.library.entries.get(found.decl);
        if (entry?.kind !== "protocol") fail(target.location, `'${nameText(target.name)}' is not a protocol`);
        const transport = this.attributeString(entry.node.attributes, "transport")?.value ?? "Channel";
        return {
          kind_v2: "endpoint",
          role: name === "client_end" ? "client" : "server",
          protocol: entry.fqn,
          protocol_transport: transport,
          nullable: optional,
        };
      }
    }
  }

  private resolveHandle(library: Library, ctor: TypeCtorNode, optional: boolean, rest: ConstantExpr[]): IrType | undefined {
    const parts = ctor.name!.parts;
    if (parts.length < 2) return undefined;
    const last = parts[parts.length - 1]!;
    const libName = parts.slice(0, -1).join(".");
    const imported = libName === library.name ? undefined : this.importsIn(library, ctor.name!.location).get(libName);
    const target = libName === library.name ? library : imported?.library;
    if (target?.name !== "zx" || (last !== "Handle" && last !== "handle")) return undefined;
    if (imported !== undefined) imported.used = true;
    if (target !== library) library.usedDependencies.add(target);
    this.noParams(ctor, nameText(ctor.name!));
    if (rest.length > 2) fail(rest[2]!.location, "too many constraints on a handle (expected <SUBTYPE, RIGHTS, optional>)");
    let subtype = { objType: 0, json: "handle" };
    let rights = SAME_RIGHTS;
    if (rest[0] !== undefined) {
      const c = rest[0];
      const subName = c.kind === "identifier" ? c.name.parts[c.name.parts.length - 1]! : "";
      const found = HANDLE_SUBTYPES.get(subName);
      if (c.kind !== "identifier" || found === undefined) fail(c.location, `unknown handle subtype '${expressionText(c)}'`);
      subtype = found;
    }
    if (rest[1] !== undefined) {
      const zxRights = target.entries.get("Rights")!;
      const resolved = this.resolveConstant(library, rest[1], { kind_v2: "identifier", identifier: zxRights.fqn, nullable: false });
      rights = Number((resolved.value as { value: bigint }).value);
    }
    return {
      kind_v2: "handle",
      subtype: subtype.json,
      obj_type: subtype.objType,
      rights,
      nullable: optional,
      resource_identifier: "zx/Handle",
    };
  }

  // ---- constants --------------------------------------------------------------------------

  /** Resolves an attribute argument that names a constant (no target type). */
  private resolveUntypedConstant(library: Library, expr: ConstantExpr): { value: ConstValue; ir: IrConstant } {
    if (expr.kind === "identifier") {
      const found = this.lookup(library, expr.name);
      const entry = found === undefined ? undefined : found.library.entries.get(found.decl);
      if (entry?.kind === "const" && found!.member === undefined) {
        this.compileDecl(found!.library, entry);
        return this.resolveConstant(library, expr, entry.constant!.ir.type);
      }
      this.unknownName(library, expr.name, "constant");
    }
    return fail(expr.location, "attribute arguments must be literals or constants");
  }

  /** Resolves `expr` as a value of type `type`, checking range and kind. */
  private resolveConstant(library: Library, expr: ConstantExpr, type: IrType): { value: ConstValue; ir: IrConstant } {
    const expression = expressionText(expr);
    const described = this.describeType(type);
    const check = (value: ConstValue, at: SourceLocation): ConstValue => this.checkConstant(value, type, at, described);
    switch (expr.kind) {
      case "literal": {
        let value: ConstValue;
        if (expr.literal === "string") value = { type: "string", value: expr.value };
        else if (expr.literal === "bool") value = { type: "bool", value: expr.value === "true" };
        else {
          const parsed = parseNumeric(expr.value);
          if (parsed === undefined) fail(expr.location, `invalid numeric literal '${expr.value}'`);
          value = parsed;
        }
        value = check(value, expr.location);
        const formatted = formatConstValue(value);
        return {
          value,
          ir: { kind: "literal", value: formatted, expression, literal: { kind: expr.literal, value: formatted, expression } },
        };
      }
      case "identifier": {
        const found = this.lookup(library, expr.name);
        if (found === undefined) this.unknownName(library, expr.name, "constant");
        const entry = found.library.entries.get(found.decl);
        if (entry === undefined) fail(expr.location, `'${expression}' is not a constant`);
        if (found.member === undefined) {
          if (entry.kind !== "const") fail(expr.location, `'${expression}' is a ${entry.kind}, not a constant`);
          this.compileDecl(found.library, entry);
          const constant = entry.constant!;
          // A constant of an enum/bits type only fits that type (or its underlying primitive).
          const sourceType = constant.ir.type;
          if (sourceType.kind_v2 === "identifier" && !(type.kind_v2 === "identifier" && type.identifier === sourceType.identifier) && type.kind_v2 !== "primitive") {
            fail(expr.location, `constant '${expression}' of type ${sourceType.identifier} cannot be used as ${described}`);
          }
          const value = check(constant.value, expr.location);
          return { value, ir: { kind: "identifier", value: formatConstValue(value), expression, identifier: entry.fqn } };
        }
        if (entry.kind !== "enum" && entry.kind !== "bits") fail(expr.location, `'${expression}': only enum and bits members can be referenced`);
        this.compileDecl(found.library, entry);
        const memberValue = entry.enumValues?.get(found.member);
        if (memberValue === undefined) fail(expr.location, `'${entry.node.name}' has no member '${found.member}'`);
        if (type.kind_v2 === "identifier" && type.identifier !== entry.fqn) {
          fail(expr.location, `'${expression}' is a member of ${entry.fqn}, not of ${type.identifier}`);
        }
        if (type.kind_v2 !== "identifier" && type.kind_v2 !== "primitive") fail(expr.location, `'${expression}' cannot be used as ${described}`);
        const value = check(memberValue, expr.location);
        return {
          value,
          ir: { kind: "identifier", value: formatConstValue(value), expression, identifier: `${entry.fqn}.${found.member}` },
        };
      }
      case "binary": {
        const left = this.resolveConstant(library, expr.left, type);
        const right = this.resolveConstant(library, expr.right, type);
        if (left.value.type !== "integer" || right.value.type !== "integer") fail(expr.location, "'|' needs integer operands");
        const underlying = type.kind_v2 === "primitive" ? type.subtype : type.kind_v2 === "identifier" && this.declKindOf(type.identifier) === "bits" ? "bits" : undefined;
        if (underlying === undefined || (underlying !== "bits" && !isUnsignedType(underlying))) {
          fail(expr.location, `'|' is only allowed on bits and unsigned integers, not ${described}`);
        }
        const value: ConstValue = { type: "integer", value: left.value.value | right.value.value };
        return { value, ir: { kind: "binary_operator", value: formatConstValue(value), expression } };
      }
    }
  }

  private checkConstant(value: ConstValue, type: IrType, at: SourceLocation, described: string): ConstValue {
    let subtype: PrimitiveSubtype | "string" | undefined;
    if (type.kind_v2 === "primitive") subtype = type.subtype;
    else if (type.kind_v2 === "string") subtype = "string";
    else if (type.kind_v2 === "identifier") {
      const kind = this.declKindOf(type.identifier);
      if (kind === "enum" || kind === "bits") subtype = this.enumUnderlying(type.identifier);
    }
    if (subtype === undefined) fail(at, `a constant cannot have type ${described}`);
    if (subtype === "string") {
      if (value.type !== "string") fail(at, `expected a string constant, got ${value.type}`);
      const bound = type.kind_v2 === "string" ? type.maybe_element_count : undefined;
      if (bound !== undefined && Buffer.byteLength(value.value, "utf8") > bound) fail(at, `string constant is longer than its bound of ${bound} bytes`);
      return value;
    }
    if (subtype === "bool") {
      if (value.type !== "bool") fail(at, `expected a bool constant (true or false), got ${value.type}`);
      return value;
    }
    if (subtype === "float32" || subtype === "float64") {
      if (value.type === "integer") return { type: "float", value: Number(value.value) };
      if (value.type !== "float") fail(at, `expected a number for ${described}, got ${value.type}`);
      if (subtype === "float32" && Math.abs(value.value) > 3.4028234663852886e38) fail(at, `${value.value} is out of range for float32`);
      return value;
    }
    if (value.type !== "integer") fail(at, `expected an integer for ${described}, got ${value.type === "float" ? "a float" : value.type}`);
    const [min, max] = INTEGER_RANGES[subtype]!;
    if (value.value < min || value.value > max) fail(at, `${value.value} is out of range for ${described} (${min} to ${max})`);
    return value;
  }
}

/**
 * Compiles FIDL source files (one or more libraries; `using zx;` is built in) to one IR per
 * library, dependencies first. Throws {@link FidlCompileError} at the first error.
 */
export function compileSources(inputs: readonly SourceInput[]): IrLibrary[] {
  const files = inputs.map((input) => parseFile(input.filename, input.text));
  if (files.length === 0) throw new FidlCompileError([{ location: { filename: "<input>", line: 1, column: 1, length: 0 }, message: "no input files" }]);
  // The runtime ships the one zx module every generated module imports; a second zx would not be it.
  const zx = files.find((file) => nameText(file.library) === ZX_LIBRARY);
  if (zx !== undefined) fail(zx.library.location, BUILTIN_ZX_DECLARED);
  return new Compiler(files).compile();
}

/** Why a user's input may not be library `zx` (shared by the FIDL and JSON IR paths). */
export const BUILTIN_ZX_DECLARED =
  "library 'zx' is built in: its bindings ship with @fidl-ws/runtime; say 'using zx;' instead of declaring it";

/** The IR of the built-in zx library (what `using zx;` brings in). */
export function builtinZxLibrary(): IrLibrary {
  return new Compiler([parseFile(ZX_FILENAME, ZX_SOURCE)]).compile()[0]!;
}

/** Diagnostics of a compile, or none: a convenience for tests and tools. */
export function checkSources(inputs: readonly SourceInput[]): readonly Diagnostic[] {
  try {
    compileSources(inputs);
    return [];
  } catch (error) {
    if (error instanceof FidlCompileError) return error.diagnostics;
    throw error;
  }
}
