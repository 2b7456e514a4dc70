// Error messages of the compiler: each names file, line, column and the problem.
import { describe, expect, it } from "vitest";
import { compileFidl } from "../../src/compiler/compile.ts";
import { FidlCompileError } from "../../src/compiler/diagnostics.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { errorOf } from "./compile-helpers.ts";

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
