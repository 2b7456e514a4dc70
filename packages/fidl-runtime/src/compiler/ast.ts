// FIDL syntax tree: what the parser produces and the resolver checks (no meaning attached yet).
import type { SourceLocation } from "./diagnostics.ts";

/** A dotted name as written: `Foo`, `zx.Handle`, `fuchsia.io.Node`. */
export interface CompoundName {
  readonly parts: readonly string[];
  readonly location: SourceLocation;
}

/** A constant expression: literal, reference, or `a | b`. */
export type ConstantExpr =
  | {
      readonly kind: "literal";
      readonly literal: "numeric" | "string" | "bool";
      /** Numeric text as written, the decoded string, or `true`/`false`. */
      readonly value: string;
      /** The literal as written in the source. */
      readonly expression: string;
      readonly location: SourceLocation;
    }
  | { readonly kind: "identifier"; readonly name: CompoundName; readonly location: SourceLocation }
  | {
      readonly kind: "binary";
      readonly op: "|";
      readonly left: ConstantExpr;
      readonly right: ConstantExpr;
      readonly location: SourceLocation;
    };

/** `@name` or `@name(value)` or `@name(a=..., b=...)`; doc comments become `@doc`. */
export interface AttributeNode {
  readonly name: string;
  readonly args: readonly { readonly name: string; readonly value: ConstantExpr; readonly location: SourceLocation }[];
  readonly location: SourceLocation;
  /** True for an attribute made from `///` comments. */
  readonly fromDocComment: boolean;
}

/** Layout modifiers written before a layout or protocol. */
export interface Modifiers {
  strictness?: "strict" | "flexible";
  resource?: boolean;
  openness?: "open" | "ajar" | "closed";
}

/** A member of a struct, table, union, enum or bits. */
export interface LayoutMemberNode {
  readonly attributes: readonly AttributeNode[];
  readonly name: string;
  readonly nameLocation: SourceLocation;
  /** Tables and unions: `N:`. */
  readonly ordinal?: number;
  readonly ordinalLocation?: SourceLocation;
  /** Structs, tables, unions. */
  readonly type?: TypeCtorNode;
  /** Structs: default value. Enums and bits: the member's value. */
  readonly value?: ConstantExpr;
  /** A `N: reserved;` table/union member (kept only to check ordinals). */
  readonly reserved?: boolean;
}

/** An inline layout: `struct {...}`, `strict union {...}`, `enum : uint8 {...}`. */
export interface LayoutNode {
  readonly kind: "struct" | "table" | "union" | "enum" | "bits";
  readonly modifiers: Modifiers;
  readonly modifierLocation?: SourceLocation;
  /** Enums and bits: `: uint8`. */
  readonly subtype?: TypeCtorNode;
  readonly members: readonly LayoutMemberNode[];
  readonly location: SourceLocation;
}

/** A type constructor: a reference or inline layout, with `<params>` and `:constraints`. */
export interface TypeCtorNode {
  readonly location: SourceLocation;
  readonly name?: CompoundName;
  readonly layout?: LayoutNode;
  /** `<...>` parameters: types, or constants (array sizes). */
  readonly params: readonly TypeParamNode[];
  /** `:x` or `:<x, y>` constraints. */
  readonly constraints: readonly ConstantExpr[];
}

/** A layout parameter: a type or a literal constant. */
export type TypeParamNode = { readonly kind: "type"; readonly type: TypeCtorNode } | { readonly kind: "constant"; readonly value: ConstantExpr };

/** A method or event of a protocol. */
export interface MethodNode {
  readonly attributes: readonly AttributeNode[];
  readonly strictness?: "strict" | "flexible";
  readonly name: string;
  readonly location: SourceLocation;
  /** `Foo(...)` present (absent for events). */
  readonly hasRequest: boolean;
  readonly request?: TypeCtorNode;
  /** `-> (...)` present. */
  readonly hasResponse: boolean;
  readonly response?: TypeCtorNode;
  readonly error?: TypeCtorNode;
}

/** `compose Foo;` */
export interface ComposeNode {
  readonly attributes: readonly AttributeNode[];
  readonly name: CompoundName;
}

/** Top-level declarations. */
export type DeclNode =
  | {
      readonly kind: "const";
      readonly attributes: readonly AttributeNode[];
      readonly name: string;
      readonly location: SourceLocation;
      readonly type: TypeCtorNode;
      readonly value: ConstantExpr;
    }
  | {
      readonly kind: "alias";
      readonly attributes: readonly AttributeNode[];
      readonly name: string;
      readonly location: SourceLocation;
      readonly type: TypeCtorNode;
    }
  | {
      readonly kind: "type";
      readonly attributes: readonly AttributeNode[];
      readonly name: string;
      readonly location: SourceLocation;
      readonly type: TypeCtorNode;
    }
  | {
      readonly kind: "protocol";
      readonly attributes: readonly AttributeNode[];
      readonly name: string;
      readonly location: SourceLocation;
      readonly openness?: "open" | "ajar" | "closed";
      readonly composes: readonly ComposeNode[];
      readonly methods: readonly MethodNode[];
    }
  | {
      readonly kind: "service";
      readonly attributes: readonly AttributeNode[];
      readonly name: string;
      readonly location: SourceLocation;
      readonly members: readonly LayoutMemberNode[];
    };

/** `using a.b.c;` or `using a.b.c as d;` */
export interface UsingNode {
  readonly library: CompoundName;
  readonly alias?: string;
  readonly location: SourceLocation;
}

/** One parsed `.fidl` file. */
export interface FileNode {
  readonly filename: string;
  readonly attributes: readonly AttributeNode[];
  readonly library: CompoundName;
  readonly usings: readonly UsingNode[];
  readonly decls: readonly DeclNode[];
}
