// Error messages of the compiler: each names file, line, column and the problem.
import { describe, expect, it } from "vitest";
import { compileFidl } from "../../src/compiler/compile.ts";
import { FidlCompileError } from "../../src/compiler/diagnostics.ts";
import type { IrLibrary } from "../../src/compiler/ir.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { errorOf, ir } from "./compile-helpers.ts";

/** The single error line several files produce (`errorOf` takes one file). */
function errorOfFiles(files: Record<string, string>): string {
  try {
    compileFidl(Object.entries(files).map(([filename, text]) => ({ filename, text })));
  } catch (error) {
    if (error instanceof FidlCompileError) return error.rawMessage;
    throw error;
  }
  throw new Error("expected a compile error, but the input compiled");
}

/** The IR of the libraries several files compile to (throws on a compile error). */
function librariesOf(files: Record<string, string>): readonly IrLibrary[] {
  return compileFidl(Object.entries(files).map(([filename, text]) => ({ filename, text }))).libraries;
}

describe("compile errors", () => {
  it("reports an unknown type with its location", () => {
    expect(errorOf("library a;\ntype S = struct {\n    f Foo;\n};\n")).toBe("test.fidl:3:7: error: unknown type 'Foo'");
  });

  it("reports a duplicate name and where the first one is", () => {
    expect(errorOf("library a;\ntype S = struct {};\nconst S uint8 = 1;\n")).toBe(
      "test.fidl:3:7: error: duplicate name 'S': already declared at test.fidl:2:6",
    );
  });

  it("reports a bound on a non-bounded type", () => {
    expect(errorOf("library a;\ntype S = struct {\n    f int32:5;\n};\n")).toBe(
      "test.fidl:3:13: error: bound on non-bounded type: 'int32' cannot have a size bound or other constraints",
    );
  });

  it("reports a missing semicolon just after the previous token", () => {
    expect(errorOf("library a;\nconst X uint8 = 1\nconst Y uint8 = 2;\n")).toBe(
      "test.fidl:2:18: error: missing semicolon: expected ';' before 'const'",
    );
  });

  it("reports a missing library declaration", () => {
    expect(errorOf("type S = struct {};")).toBe("test.fidl:1:1: error: expected 'library' declaration, found 'type'");
  });

  it("reports an unknown library in using", () => {
    expect(errorOf("library a;\nusing b.c;\n")).toBe("test.fidl:2:7: error: unknown library 'b.c' (no file declares it; pass its .fidl file too)");
  });

  it("reports a reference to a library that is not imported", () => {
    expect(errorOf("library a;\ntype S = struct { f other.lib.T; };\n")).toBe(
      "test.fidl:2:21: error: unknown type 'other.lib.T': library 'other.lib' is not imported (add 'using other.lib;')",
    );
  });

  it("reports a constant out of range for its type", () => {
    expect(errorOf("library a;\nconst X uint8 = 256;\n")).toBe("test.fidl:2:17: error: 256 is out of range for uint8 (0 to 255)");
  });

  it("reports a string constant over its bound", () => {
    expect(errorOf('library a;\nconst X string:2 = "abc";\n')).toBe("test.fidl:2:20: error: string constant is longer than its bound of 2 bytes");
  });

  it("reports a struct declared optional", () => {
    expect(errorOf("library a;\ntype T = struct {};\ntype S = struct { f T:optional; };\n")).toBe(
      "test.fidl:3:21: error: structs cannot be optional; use box<T>",
    );
  });

  it("reports a handle in a non-resource struct", () => {
    expect(errorOf("library a;\nusing zx;\ntype S = struct { h zx.Handle; };\n")).toBe(
      "test.fidl:3:21: error: 'h' has a resource type (zx.Handle), so the struct must be declared 'resource struct'",
    );
  });

  it("reports duplicate table ordinals", () => {
    expect(errorOf("library a;\ntype T = table {\n    1: a int32;\n    1: b int32;\n};\n")).toBe(
      "test.fidl:4:5: error: duplicate table ordinal 1 (also used by 'a')",
    );
  });

  it("reports a flexible method in a closed protocol", () => {
    expect(errorOf("library a;\nclosed protocol P {\n    flexible M();\n};\n")).toBe(
      "test.fidl:3:14: error: flexible method 'M' is not allowed in a closed protocol (mark it 'strict')",
    );
  });

  it("reports a flexible two-way method in an ajar protocol", () => {
    expect(errorOf("library a;\najar protocol P {\n    M() -> ();\n};\n")).toBe(
      "test.fidl:3:5: error: flexible two-way method 'M' is not allowed in an ajar protocol (make the protocol open or the method strict)",
    );
  });

  it("reports an invalid error type", () => {
    expect(errorOf("library a;\nprotocol P {\n    M() -> () error string;\n};\n")).toBe(
      "test.fidl:3:21: error: invalid error type 'string': must be int32, uint32, or an enum of one of those",
    );
  });

  it("reports a protocol used as a type", () => {
    expect(errorOf("library a;\nprotocol P {};\ntype S = resource struct { p P; };\n")).toBe(
      "test.fidl:3:30: error: 'P' is a protocol, not a type; use client_end:P or server_end:P",
    );
  });

  it("reports a duplicate method after composition", () => {
    expect(errorOf("library a;\nprotocol A { M(); };\nprotocol B {\n    compose A;\n    M();\n};\n")).toBe(
      "test.fidl:5:5: error: duplicate method name 'M' in protocol 'B'",
    );
  });

  it("reports an alias cycle", () => {
    expect(errorOf("library a;\nalias A = B;\nalias B = A;\n")).toBe(
      "test.fidl:2:7: error: 'A' depends on itself (a cycle of aliases, constants or compositions)",
    );
  });

  it("reports an unterminated string", () => {
    expect(errorOf('library a;\nconst X string = "abc\n;')).toBe("test.fidl:2:18: error: unterminated string literal");
  });

  it("reports an unexpected character", () => {
    expect(errorOf("library a;\nconst X uint8 = 1 # 2;\n")).toBe("test.fidl:2:19: error: unexpected character '#'");
  });

  it("reports an empty anonymous struct payload", () => {
    expect(errorOf("library a;\nprotocol P { M(struct {}); };\n")).toBe(
      "test.fidl:2:16: error: empty struct request payload: write '()' instead of '(struct {})'",
    );
  });

  it("reports a non-power-of-two bits member", () => {
    expect(errorOf("library a;\ntype B = bits { X = 3; };\n")).toBe("test.fidl:2:21: error: bits member 'X' must be a power of two, not 3");
  });

  it("reports two declarations whose names differ but share a canonical form, at the one that sorts later", () => {
    expect(errorOf("library a;\ntype fooBar = struct {};\ntype FooBar = table {};\n")).toBe(
      "test.fidl:2:6: error: name 'fooBar' conflicts with 'FooBar' (declared at test.fidl:3:6): both are 'foo_bar' in canonical form",
    );
    expect(errorOf("library a;\ntype HTTPServer = struct {};\nconst HttpServer uint8 = 1;\n")).toBe(
      "test.fidl:3:7: error: name 'HttpServer' conflicts with 'HTTPServer' (declared at test.fidl:2:6): both are 'http_server' in canonical form",
    );
    expect(errorOf("library a;\ntype it_is_the_same = struct {};\ntype it__is___the____same = struct {};\n")).toBe(
      "test.fidl:2:6: error: name 'it_is_the_same' conflicts with 'it__is___the____same' (declared at test.fidl:3:6): both are 'it_is_the_same' in canonical form",
    );
  });

  it("reports layout members that differ but share a canonical form, at the later one", () => {
    expect(errorOf("library a;\ntype S = struct {\n    myField bool;\n    MyField bool;\n};\n")).toBe(
      "test.fidl:4:5: error: struct member 'MyField' conflicts with 'myField' (declared at test.fidl:3:5): both are 'my_field' in canonical form",
    );
    expect(errorOf("library a;\ntype T = table {\n    1: my_field bool;\n    2: MY_FIELD bool;\n};\n")).toBe(
      "test.fidl:4:8: error: table member 'MY_FIELD' conflicts with 'my_field' (declared at test.fidl:3:8): both are 'my_field' in canonical form",
    );
    expect(errorOf("library a;\ntype E = strict enum {\n    FOO_BAR = 1;\n    fooBar = 2;\n};\n")).toBe(
      "test.fidl:4:5: error: enum member 'fooBar' conflicts with 'FOO_BAR' (declared at test.fidl:3:5): both are 'foo_bar' in canonical form",
    );
  });

  it("reports methods that share a canonical form, composed ones included", () => {
    expect(errorOf("library a;\nprotocol P {\n    strict myMethod();\n    strict MyMethod();\n};\n")).toBe(
      "test.fidl:4:12: error: method 'MyMethod' conflicts with 'myMethod' (declared at test.fidl:3:12): both are 'my_method' in canonical form",
    );
    expect(errorOf("library a;\nprotocol Base {\n    strict do_it();\n};\nprotocol P {\n    compose Base;\n    strict DoIt();\n};\n")).toBe(
      "test.fidl:7:12: error: method 'DoIt' conflicts with 'do_it' (declared at test.fidl:3:12): both are 'do_it' in canonical form",
    );
  });

  it("reports an anonymous layout whose name shares a canonical form with a declaration", () => {
    expect(errorOf("library a;\ntype FOO_BAR = struct {};\ntype S = struct {\n    foo_bar struct {};\n};\n")).toBe(
      "test.fidl:4:13: error: name collision: the anonymous layout here is named 'FooBar', which conflicts with 'FOO_BAR' (declared at test.fidl:2:6): both are 'foo_bar' in canonical form",
    );
  });

  it("compiles names that differ in canonical form, as fidlc's canonical-name tests do", () => {
    const lib = ir(
      "library a;\ntype HTTPServer = struct {};\ntype httpserver = struct {\n    foobar bool;\n    foo_bar bool;\n    f_o_o_b_a_r bool;\n};\n" +
        "protocol P {\n    strict foobar();\n    strict foo_bar();\n};\n",
    );
    expect(lib.struct_declarations.map((s) => s.name)).toEqual(["a/HTTPServer", "a/httpserver"]);
    expect(lib.struct_declarations[1]!.members.map((m) => m.name)).toEqual(["foobar", "foo_bar", "f_o_o_b_a_r"]);
  });

  it("reports structs that include each other, with the cycle and where to box it", () => {
    expect(errorOf("library a;\ntype B = struct {\n    a A;\n};\ntype A = struct {\n    b B;\n};\n")).toBe(
      "test.fidl:5:6: error: 'A' includes itself: A.b -> B.a -> A (use box<A> for B.a to break the cycle)",
    );
    // Arrays and vectors that are not optional compile their element type first, so they do not break it.
    expect(errorOf("library a;\ntype A = struct {\n    v vector<array<A, 2>>;\n};\n")).toBe(
      "test.fidl:2:6: error: 'A' includes itself: A.v -> A (use box<A> for A.v to break the cycle)",
    );
  });

  it("reports tables and non-optional unions that include themselves, as fidlc does", () => {
    expect(errorOf("library a;\ntype T = table {\n    1: t T;\n};\n")).toBe(
      "test.fidl:2:6: error: 'T' includes itself: T.t -> T (a table or union cannot contain itself except through an optional struct member)",
    );
    expect(errorOf("library a;\ntype S = struct {\n    u U;\n};\ntype U = strict union {\n    1: s S;\n};\n")).toBe(
      "test.fidl:2:6: error: 'S' includes itself: S.u -> U.s -> S (use U:optional for S.u to break the cycle)",
    );
  });

  it("reports a cycle through an anonymous layout and through an alias", () => {
    expect(errorOf("library a;\ntype S = struct {\n    inner struct {\n        s S;\n    };\n};\n")).toBe(
      "test.fidl:3:11: error: 'Inner' includes itself: Inner.s -> S.inner -> Inner (use box<Inner> for S.inner to break the cycle)",
    );
    // fidlc compiles an alias's type wherever the alias is used, box<T> included.
    expect(errorOf("library a;\nalias A = S;\ntype S = struct {\n    a box<A>;\n};\n")).toBe(
      "test.fidl:2:7: error: 'A' includes itself: A -> S.a -> A (use the aliased type, not alias 'A', for S.a and box it or make it optional: an alias's type is compiled even under box<T> or :optional)",
    );
  });

  it("compiles recursion broken by box, an optional union or an optional vector", () => {
    const lib = ir(
      "library a;\ntype P = struct {\n    b box<P>;\n    u U:optional;\n    v vector<P>:optional;\n    w vector<box<P>>;\n};\n" +
        "type U = strict union {\n    1: p P;\n};\ntype T = table {\n    1: w W;\n};\ntype W = struct {\n    t vector<T>:optional;\n};\n",
    );
    expect(lib.struct_declarations.map((s) => s.name)).toEqual(["a/P", "a/W"]);
    expect(lib.table_declarations.map((t) => t.name)).toEqual(["a/T"]);
  });

  it("reports a reference to a library that only another file of the library imports", () => {
    const dep = "library dep;\ntype T = struct {};\n";
    expect(errorOfFiles({ "a1.fidl": "library a;\nusing dep;\ntype S = struct { t dep.T; };\n", "a2.fidl": "library a;\ntype R = struct { t dep.T; };\n", "dep.fidl": dep })).toBe(
      "a2.fidl:2:21: error: unknown type 'dep.T': 'using dep;' in a1.fidl does not apply to a2.fidl (a 'using' covers only its own file; add it to a2.fidl)",
    );
    expect(errorOfFiles({ "a1.fidl": "library a;\nusing dep as d;\ntype S = struct { t d.T; };\n", "a2.fidl": "library a;\nconst N uint8 = 1;\ntype R = struct { t d.T; };\n", "dep.fidl": dep })).toBe(
      "a2.fidl:3:21: error: unknown type 'd.T': 'using dep as d;' in a1.fidl does not apply to a2.fidl (a 'using' covers only its own file; add it to a2.fidl)",
    );
  });

  it("reports a library imported under an alias but named in full, as fidlc does", () => {
    expect(errorOfFiles({ "b.fidl": "library b;\nusing a.x as ax;\ntype S = struct { t a.x.T; };\n", "a.fidl": "library a.x;\ntype T = struct {};\n" })).toBe(
      "b.fidl:3:21: error: unknown type 'a.x.T': library 'a.x' is imported as 'ax' here; write 'ax.T'",
    );
  });

  it("reports a zx handle in a file without its own 'using zx;'", () => {
    expect(
      errorOfFiles({
        "a1.fidl": "library a;\nusing zx;\ntype S = resource struct { h zx.Handle; };\n",
        "a2.fidl": "library a;\ntype R = resource struct { h zx.Handle:VMO; };\n",
      }),
    ).toBe("a2.fidl:2:30: error: unknown type 'zx.Handle': 'using zx;' in a1.fidl does not apply to a2.fidl (a 'using' covers only its own file; add it to a2.fidl)");
  });

  it("compiles a library whose files each have their own 'using', one under an alias", () => {
    const libraries = librariesOf({
      "a1.fidl": "library a;\nusing dep;\nusing zx;\ntype S = resource struct { t dep.T; h zx.Handle; };\n",
      "a2.fidl": "library a;\nusing dep as d;\ntype R = struct { t d.T; e d.E; };\nconst X d.E = d.E.ONE;\n",
      "dep.fidl": "library dep;\ntype T = struct {};\ntype E = strict enum { ONE = 1; };\n",
    });
    expect(libraries.map((library) => library.name)).toEqual(["dep", "zx", "a"]);
    const a = libraries[2]!;
    expect(a.struct_declarations.find((s) => s.name === "a/R")!.members.map((m) => m.type)).toEqual([
      { kind_v2: "identifier", identifier: "dep/T", nullable: false },
      { kind_v2: "identifier", identifier: "dep/E", nullable: false },
    ]);
    expect(a.const_declarations[0]!.value.identifier).toBe("dep/E.ONE");
  });

  it("reports a declaration named like an imported library or its alias, as fidlc's using tests do", () => {
    const dep = "library dep;\ntype A = struct {};\n";
    expect(errorOfFiles({ "lib.fidl": "library lib;\nusing dep;\ntype dep = struct {};\ntype B = struct { a dep.A; };\n", "dep.fidl": dep })).toBe(
      "lib.fidl:3:6: error: declaration name 'dep' conflicts with 'using dep;' at lib.fidl:2:1 (rename it, or import the library under another name with 'using dep as ...;')",
    );
    expect(errorOfFiles({ "lib.fidl": "library lib;\nusing dep as x;\nconst y uint8 = 1;\ntype x = struct {};\n", "dep.fidl": dep })).toBe(
      "lib.fidl:4:6: error: declaration name 'x' conflicts with 'using dep as x;' at lib.fidl:2:1 (rename it, or import the library under another name with 'using dep as ...;')",
    );
  });

  it("reports a declaration or anonymous layout whose canonical form is an import's name", () => {
    // fidlc's CanonicalNamesTests.BadDependentLibrary.
    expect(errorOfFiles({ "lib.fidl": "library example;\nusing foobar;\nalias FOOBAR = foobar.Something;\n", "foobar.fidl": "library foobar;\ntype Something = struct {};\n" })).toBe(
      "lib.fidl:3:7: error: declaration name 'FOOBAR' conflicts with 'using foobar;' at lib.fidl:2:1: its canonical form is 'foobar' (rename it, or import the library under another name with 'using foobar as ...;')",
    );
    expect(errorOfFiles({ "lib.fidl": "library lib;\nusing dep;\ntype S = struct {\n    dep struct {};\n    a dep.A;\n};\n", "dep.fidl": "library dep;\ntype A = struct {};\n" })).toBe(
      "lib.fidl:4:9: error: the anonymous layout here is named 'Dep', which conflicts with 'using dep;' at lib.fidl:2:1: its canonical form is 'dep' (rename the layout with @generated_name, or import the library under another name with 'using dep as ...;')",
    );
  });

  it("compiles declarations named like a library imported under an alias or a part of a multi-part library", () => {
    // fidlc's GoodDeclWithSameNameAsAliasedLibrary; `dep.sub.C` names library dep.sub, not the struct.
    const libraries = librariesOf({
      "lib.fidl": "library lib;\nusing dep as depnoconflict;\nusing dep.sub;\ntype dep = struct {};\ntype sub = struct {};\ntype B = struct { a depnoconflict.A; c dep.sub.C; };\n",
      "dep.fidl": "library dep;\ntype A = struct {};\n",
      "sub.fidl": "library dep.sub;\ntype C = struct {};\n",
    });
    expect(libraries.at(-1)!.struct_declarations.map((s) => s.name)).toEqual(["lib/B", "lib/dep", "lib/sub"]);
  });

  it("reports a library imported twice in one file, with or without aliases", () => {
    const dep = "library dep;\ntype A = struct {};\n";
    expect(errorOfFiles({ "lib.fidl": "library lib;\nusing dep;\nusing dep;\n", "dep.fidl": dep })).toBe(
      "lib.fidl:3:1: error: duplicate import of library 'dep': 'using dep;' at lib.fidl:2:1 already imports it (a file imports a library once)",
    );
    expect(errorOfFiles({ "lib.fidl": "library lib;\nusing dep as a1;\nusing dep as a2;\n", "dep.fidl": dep })).toBe(
      "lib.fidl:3:1: error: duplicate import of library 'dep': 'using dep as a1;' at lib.fidl:2:1 already imports it (a file imports a library once)",
    );
  });

  it("reports two imports of one file that would share a name, through an alias either way", () => {
    const deps = { "dep1.fidl": "library dep1;\n", "dep2.fidl": "library dep2;\n" };
    expect(errorOfFiles({ "lib.fidl": "library lib;\nusing dep1;\nusing dep2 as dep1;\n", ...deps })).toBe(
      "lib.fidl:3:1: error: import of library 'dep2' as 'dep1' conflicts with 'using dep1;' at lib.fidl:2:1: both would be referred to as 'dep1' (import one of them with 'as' under another name)",
    );
    expect(errorOfFiles({ "lib.fidl": "library lib;\nusing dep1 as x;\nusing dep2 as x;\n", ...deps })).toBe(
      "lib.fidl:3:1: error: import of library 'dep2' as 'x' conflicts with 'using dep1 as x;' at lib.fidl:2:1: both would be referred to as 'x' (import one of them with 'as' under another name)",
    );
    expect(errorOfFiles({ "lib.fidl": "library lib;\nusing dep1 as dep2;\nusing dep2;\n", ...deps })).toBe(
      "lib.fidl:3:1: error: import of library 'dep2' conflicts with 'using dep1 as dep2;' at lib.fidl:2:1: both would be referred to as 'dep2' (import one of them with 'as' under another name)",
    );
  });

  it("compiles two libraries imported under each other's names, as fidlc's GoodUsingSwapNames does", () => {
    const libraries = librariesOf({
      "lib.fidl": "library lib;\nusing dep1 as dep2;\nusing dep2 as dep1;\nconst C1 bool = dep2.C1;\nconst C2 bool = dep1.C2;\n",
      "dep1.fidl": "library dep1;\nconst C1 bool = false;\n",
      "dep2.fidl": "library dep2;\nconst C2 bool = true;\n",
    });
    expect(libraries.at(-1)!.const_declarations.map((c) => [c.name, c.value.identifier])).toEqual([
      ["lib/C1", "dep1/C1"],
      ["lib/C2", "dep2/C2"],
    ]);
  });

  it("reports an import that nothing in its file refers to, the built-in zx included", () => {
    const dep = "library dep;\ntype A = struct {};\n";
    expect(errorOfFiles({ "lib.fidl": "library lib;\nusing dep;\ntype S = struct {};\n", "dep.fidl": dep })).toBe(
      "lib.fidl:2:7: error: unused import: library 'lib' imports 'dep' in lib.fidl, but nothing in lib.fidl refers to it; remove 'using dep;' or refer to it",
    );
    expect(errorOf("library lib;\nusing zx;\ntype S = struct {};\n")).toBe(
      "test.fidl:2:7: error: unused import: library 'lib' imports 'zx' in test.fidl, but nothing in test.fidl refers to it; remove 'using zx;' or refer to it",
    );
  });

  it("reports an unused import in one file even when another file of the library uses it, as fidlc tracks use per file", () => {
    const dep = "library dep;\ntype A = struct {};\n";
    expect(errorOfFiles({ "a1.fidl": "library lib;\nusing dep;\ntype S = struct { a dep.A; };\n", "a2.fidl": "library lib;\nusing dep as d;\ntype T = struct {};\n", "dep.fidl": dep })).toBe(
      "a2.fidl:2:7: error: unused import: library 'lib' imports 'dep' in a2.fidl, but nothing in a2.fidl refers to it; remove 'using dep as d;' or refer to it",
    );
  });

  it("counts references from attributes, constants, constraints, compose and reserved members as uses of an import", () => {
    const libraries = librariesOf({
      "f1.fidl": "library lib;\nusing dep;\n@note(dep.NAME)\ntype S = struct {};\n",
      "f2.fidl": "library lib;\nusing dep;\nprotocol Q {\n    compose dep.P;\n};\n",
      "f3.fidl": "library lib;\nusing dep;\ntype V = struct {\n    v vector<uint8>:dep.N;\n};\n",
      "f4.fidl": "library lib;\nusing dep as d;\ntype W = resource struct {\n    c client_end:d.P;\n};\n",
      "f5.fidl": "library lib;\nusing dep;\ntype T = table {\n    @note(dep.NAME)\n    1: reserved;\n};\n",
      "f6.fidl": "library lib;\nusing dep;\nconst M uint32 = dep.N;\n",
      "f7.fidl": "library lib;\nusing zx;\ntype H = resource struct {\n    h zx.Handle:<VMO, zx.Rights.READ>;\n};\n",
      "dep.fidl": 'library dep;\nconst N uint32 = 4;\nconst NAME string = "n";\nprotocol P {};\n',
    });
    expect(libraries.map((library) => library.name)).toEqual(["dep", "zx", "lib"]);
    expect(libraries[2]!.library_dependencies.map((d) => d.name).sort()).toEqual(["dep", "zx"]);
  });

  it("reports attributes of one element whose names share a canonical form, as fidlc's CanonicalNamesTests.BadAttributes does", () => {
    expect(errorOf("library lib;\n@fooBar\n@FooBar\ntype Example = struct {};\n")).toBe(
      "test.fidl:3:1: error: attribute '@FooBar' conflicts with '@fooBar' (at test.fidl:2:1): both are 'foo_bar' in canonical form",
    );
  });

  it("reports a repeated attribute, and a canonical clash with @generated_name, which is left out of the IR", () => {
    // @generated_name is not an IR attribute, but it is still one of the member's attributes.
    expect(errorOf('library lib;\ntype S = struct {\n    @generated_name("Inner")\n    @GeneratedName("Other")\n    f struct {};\n};\n')).toBe(
      "test.fidl:4:5: error: attribute '@GeneratedName' conflicts with '@generated_name' (at test.fidl:3:5): both are 'generated_name' in canonical form",
    );
    expect(errorOf("library lib;\ntype S = struct {\n    @foo\n    @foo\n    f bool;\n};\n")).toBe("test.fidl:4:5: error: duplicate attribute '@foo': already at test.fidl:3:5");
  });

  it("compiles attributes that differ only in case but not in canonical form", () => {
    const lib = ir("library lib;\n@foobar\n@FooBar\ntype Example = struct {};\n");
    expect(lib.struct_declarations[0]!.maybe_attributes!.map((a) => a.name)).toEqual(["foobar", "FooBar"]);
  });

  it("throws a FidlCompileError with status INVALID_ARGS and the diagnostics", () => {
    let caught: unknown;
    try {
      compileFidl([{ filename: "x.fidl", text: "library a;\ntype S = struct { f Nope; };" }]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FidlCompileError);
    const error = caught as FidlCompileError;
    expect(error.status).toBe(ZxStatus.INVALID_ARGS);
    expect(error.diagnostics).toEqual([{ location: { filename: "x.fidl", line: 2, column: 21, length: 4 }, message: "unknown type 'Nope'" }]);
    expect(error.message).toBe("[ZX_ERR_INVALID_ARGS] x.fidl:2:21: error: unknown type 'Nope'");
  });
});
