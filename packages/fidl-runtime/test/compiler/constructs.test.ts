// The front end and emitter per FIDL construct: inline FIDL in, IR facts and TypeScript lines out.
import { describe, expect, it } from "vitest";
import { methodOrdinal } from "../../src/wire/ordinal.ts";
import { compileFidl } from "../../src/compiler/compile.ts";
import { errorOf, ir, ts } from "./compile-helpers.ts";
import { typeSig } from "./ir-facts.ts";

describe("library and using", () => {
  it("names declarations library/Name and compiles several libraries with using", async () => {
    const { compileFidl } = await import("../../src/compiler/compile.ts");
    const { libraries, files } = compileFidl(
      [
        { filename: "b.fidl", text: "library b;\nusing a.x as ax;\ntype S = struct { t ax.T; u ax.T; };" },
        { filename: "a.fidl", text: "library a.x;\ntype T = struct { v uint8; };" },
      ],
      { runtimeImport: "rt" },
    );
    expect(libraries.map((l) => l.name)).toEqual(["a.x", "b"]);
    expect(libraries[1]!.struct_declarations[0]!.members.map((m) => typeSig(m.type))).toEqual(["a.x/T", "a.x/T"]);
    expect(libraries[1]!.library_dependencies.map((d) => d.name)).toEqual(["a.x"]);
    const b = files.find((f) => f.filename === "b.ts")!.contents;
    expect(b).toContain('import * as a_x from "./a.x.ts";');
    expect(b).toContain("  t: a_x.T;");
    expect(b).toContain("  t: a_x.TSchema,");
  });

  it("imports zod as a value only when a schema needs z.lazy, and not at all for consts alone", () => {
    expect(ts("library a;\ntype P = struct { b box<P>; };")).toContain('\nimport { z } from "zod";\n');
    expect(ts("library a;\ntype P = struct { n uint8; };")).toContain('\nimport type { z } from "zod";\n');
    const { files } = compileFidl(
      [
        { filename: "b.fidl", text: "library b;\nusing a;\nconst X a.Fizz = a.Fizz.ON;" },
        { filename: "a.fidl", text: "library a;\ntype Fizz = strict enum { ON = 1; };" },
      ],
      { runtimeImport: "rt" },
    );
    expect(files.find((f) => f.filename === "b.ts")!.contents).not.toContain("zod");
  });

  it("brings in the built-in zx library: Status, Handle subtypes and rights", () => {
    const lib = ir("library a;\nusing zx;\ntype S = resource struct {\n  s zx.Status;\n  h zx.Handle:<VMO, zx.Rights.READ | zx.Rights.WRITE, optional>;\n  c zx.Handle:CHANNEL;\n};");
    expect(lib.struct_declarations[0]!.members.map((m) => typeSig(m.type))).toEqual(["int32", "handle:vmo:3:12?", "handle:channel:4:2147483648"]);
  });
});

describe("const", () => {
  it("resolves literals, references, enum members and bits ORs", () => {
    const lib = ir(
      'library a;\nconst A uint32 = 0x10;\nconst B uint32 = A;\nconst S string:4 = "ab";\nconst F float64 = 1.5;\nconst N int8 = -3;\ntype E = enum : int16 { X = 7; };\nconst EV E = E.X;\ntype B2 = bits { P = 1; Q = 2; };\nconst BV B2 = B2.P | B2.Q;\nconst BIG uint64 = 0xffffffffffffffff;',
    );
    const values = Object.fromEntries(lib.const_declarations.map((c) => [c.name, c.value.value]));
    expect(values).toEqual({
      "a/A": "16",
      "a/B": "16",
      "a/S": "ab",
      "a/F": "1.5",
      "a/N": "-3",
      "a/EV": "7",
      "a/BV": "3",
      "a/BIG": "18446744073709551615",
    });
  });

  it("emits consts as literals, bigint for 64-bit, members by name", () => {
    const out = ts('library a;\nconst MAX_NAME uint16 = 32;\nconst BIG int64 = -5;\nconst NAME string = "x\\"y";\ntype E = strict enum { X = 1; };\nconst EV E = E.X;');
    expect(out).toContain("export const MAX_NAME = 32;");
    expect(out).toContain("export const BIG = -5n;");
    expect(out).toContain('export const NAME = "x\\"y";');
    expect(out).toContain("export const EV: E = E.X;");
  });

  it("uses constants as bounds", () => {
    const lib = ir("library a;\nconst MAX_NAME uint32 = 32;\ntype S = struct { n string:MAX_NAME; v vector<uint8>:<MAX_NAME, optional>; w vector<bool>:MAX; };");
    expect(lib.struct_declarations[0]!.members.map((m) => typeSig(m.type))).toEqual(["string:32", "vector<uint8>:32?", "vector<bool>:MAX"]);
  });
});

describe("alias", () => {
  it("inlines aliases in the IR and emits them as types with schemas", () => {
    const src = "library a;\nalias Name = string:8;\ntype S = struct { n Name; o Name:optional; };";
    expect(ir(src).struct_declarations[0]!.members.map((m) => typeSig(m.type))).toEqual(["string:8", "string:8?"]);
    const out = ts(src);
    expect(out).toContain("export type Name = string;");
    expect(out).toContain("export const NameSchema: z.ZodType<Name> = $fidl.string(8);");
  });
});

describe("struct", () => {
  it("emits an interface and a schema, with defaults applied by the schema", async () => {
    const out = ts("library a;\n/// A point.\ntype P = struct {\n  /// X axis.\n  x int32 = 4;\n  y uint64;\n  b box<P>;\n};");
    expect(out).toContain("/**\n * A point.\n *\n * FIDL struct `a/P`.\n */\nexport interface P {");
    expect(out).toContain("  /**\n   * X axis.\n   *\n   * @defaultValue 4\n   */\n  x?: number;");
    expect(out).toContain("  y: bigint;");
    expect(out).toContain("  b: P | null;");
    expect(out).toContain("  x: $fidl.int32.default(4),");
    expect(out).toContain("  b: $fidl.optional(z.lazy(() => PSchema)),");
  });

  it("keeps resourceness", () => {
    expect(ir("library a;\ntype R = resource struct {};").struct_declarations[0]!.resource).toBe(true);
  });
});

describe("table", () => {
  it("emits optional fields and keeps ordinals", () => {
    const src = "library a;\ntype T = table {\n  2: b string;\n  1: a int32;\n};";
    expect(ir(src).table_declarations[0]!.members.map((m) => `${m.ordinal}:${m.name}`)).toEqual(["1:a", "2:b"]);
    const out = ts(src);
    expect(out).toContain("  a?: number | undefined;");
    expect(out).toContain("export const TSchema: z.ZodType<T> = $fidl.table<T>({");
  });
});

describe("union", () => {
  it("defaults to flexible and accepts strict, :optional and resource", () => {
    const lib = ir("library a;\ntype F = union { 1: a int32; };\ntype S = strict resource union { 1: a int32; };\ntype H = resource struct { u S:optional; };");
    expect(lib.union_declarations.map((u) => [u.name, u.strict, u.resource])).toEqual([
      ["a/F", false, false],
      ["a/S", true, true],
    ]);
    expect(typeSig(lib.struct_declarations[0]!.members[0]!.type)).toBe("a/S?");
  });

  it("emits single-key object types and admits unknown variants when flexible", () => {
    const out = ts("library a;\ntype U = flexible union { 1: a int32; 2: b string; };");
    expect(out).toContain("export type U =\n  | { a: number }\n  | { b: string }\n  | $fidl.UnknownVariant;");
    expect(out).toContain("}, { flexible: true });");
  });
});

describe("enum and bits", () => {
  it("defaults to flexible uint32 and records @unknown", () => {
    const lib = ir("library a;\ntype E = enum { A = 1; @unknown U = 9; };\ntype B = strict bits : uint8 { X = 1; Y = 4; };");
    expect(lib.enum_declarations[0]).toMatchObject({ type: "uint32", strict: false, maybe_unknown_value: 9 });
    expect(lib.bits_declarations[0]).toMatchObject({ strict: true, mask: "5" });
  });

  it("emits const objects, types and schemas", () => {
    const out = ts("library a;\ntype E = strict enum : int8 { A = -1; B = 2; };\ntype F = flexible enum { A = 1; };\ntype B = bits : uint64 { X = 0x10; };");
    expect(out).toContain("export const E = {\n  A: -1,\n  B: 2,\n} as const;");
    expect(out).toContain("export type E = (typeof E)[keyof typeof E];");
    expect(out).toContain("export type F = (typeof F)[keyof typeof F] | (number & {});");
    expect(out).toContain("export const BSchema: z.ZodType<B> = $fidl.bitsOf<B>($fidl.uint64, 0x10n, { flexible: true });");
  });
});

describe("protocol", () => {
  const src = [
    "library test.p;",
    "/// An echo.",
    "@discoverable",
    "protocol Echo {",
    "    /// Says it back.",
    "    EchoString(struct { value string:32; }) -> (struct { response string:32; });",
    "    strict Send(struct { value string:32; });",
    "    -> OnString(struct { response string:32; });",
    "    Fail() -> (struct { n int64; }) error uint32;",
    '    @selector("other.lib/Thing.Do")',
    "    strict Renamed() -> ();",
    "    strict Close();",
    "};",
    "ajar protocol Ajar { strict Two() -> (); flexible One(); };",
  ].join("\n");

  it("defaults to an open protocol with flexible methods and synthesizes payload names as fidlc does", () => {
    const lib = ir(src);
    const echo = lib.protocol_declarations.find((p) => p.name === "test.p/Echo")!;
    expect(echo.openness).toBe("open");
    expect(echo.methods.map((m) => [m.name, m.kind, m.strict, typeSig(m.maybe_request_payload), typeSig(m.maybe_response_payload)])).toEqual([
      ["EchoString", "twoway", false, "test.p/EchoEchoStringRequest", "test.p/Echo_EchoString_Result"],
      ["Send", "oneway", true, "test.p/EchoSendRequest", "-"],
      ["OnString", "event", false, "-", "test.p/EchoOnStringRequest"],
      ["Fail", "twoway", false, "-", "test.p/Echo_Fail_Result"],
      ["Renamed", "twoway", true, "-", "-"],
      ["Close", "oneway", true, "-", "-"],
    ]);
    const result = lib.union_declarations.find((u) => u.name === "test.p/Echo_Fail_Result")!;
    expect(result.members.map((m) => `${m.ordinal}:${m.name}:${typeSig(m.type)}`)).toEqual([
      "1:response:test.p/Echo_Fail_Response",
      "2:err:uint32",
      "3:framework_err:framework_error",
    ]);
    expect(lib.protocol_declarations.find((p) => p.name === "test.p/Ajar")!.openness).toBe("ajar");
  });

  it("computes ordinals from library/Protocol.Method or @selector", () => {
    const echo = ir(src).protocol_declarations.find((p) => p.name === "test.p/Echo")!;
    expect(echo.methods[0]!.ordinal).toBe(methodOrdinal("test.p", "Echo", "EchoString"));
    expect(echo.methods[4]!.ordinal).toBe(methodOrdinal("test.p", "Echo", "Renamed", "other.lib/Thing.Do"));
  });

  it("keeps the declaring protocol's name in composed ordinals", () => {
    const lib = ir("library c;\nprotocol Base { strict M(); };\nprotocol Derived { compose Base; strict N(); };");
    const derived = lib.protocol_declarations.find((p) => p.name === "c/Derived")!;
    expect(derived.methods.map((m) => [m.name, m.is_composed, m.ordinal === methodOrdinal("c", "Base", "M")])).toEqual([
      ["M", true, true],
      ["N", false, false],
    ]);
  });

  it("renames a method that would shadow a base-class member", () => {
    const out = ts("library test.r;\nprotocol P {\n    strict Serve();\n    strict Then();\n};");
    expect(out).toContain('      jsName: "serve_",');
    expect(out).toContain('      jsName: "then_",');
  });

  it("emits a descriptor, marker and Client/Server/EventHandler classes", () => {
    const out = ts(src);
    expect(out).toContain('  discoverableName: "test.p.Echo",');
    expect(out).toContain('export const EchoMarker = "test.p.Echo";');
    expect(out).toContain(`      ordinal: 0x${methodOrdinal("test.p", "Echo", "EchoString").toString(16).padStart(16, "0")}n,`);
    expect(out).toContain(
      '  echoString(request: EchoEchoStringRequest, options?: $fidl.CallOptions): $fidl.ResultPromise<Echo_EchoString_Response, never> {\n    return this.$twoWayResult("echoString", request, options);\n  }',
    );
    expect(out).toContain('  send(request: EchoSendRequest): void {\n    this.$oneWay("send", request);\n  }');
    expect(out).toContain("  fail(options?: $fidl.CallOptions): $fidl.ResultPromise<Echo_Fail_Response, number> {");
    expect(out).toContain('  renamed(options?: $fidl.CallOptions): Promise<void> {\n    return this.$twoWay("renamed", undefined, options);');
    // `close` is free (base-class members live under `$`), so fuchsia.io-style Close stays close.
    expect(out).toContain('      jsName: "close",');
    expect(out).toContain("  abstract fail(): $fidl.MaybePromise<Echo_Fail_Response | $fidl.DomainError<number> | $fidl.FrameworkError>;");
    expect(out).toContain('  sendOnString(payload: EchoOnStringRequest): void {\n    this.$sendEvent("onString", payload);\n  }');
    expect(out).toContain("export abstract class EchoEventHandler extends $fidl.EventHandler {");
    expect(out).toContain("  abstract onString(payload: EchoOnStringRequest): $fidl.MaybePromise<void>;");
    expect(out).toContain("   * Says it back.\n   *\n   * FIDL `test.p/Echo.EchoString`, ordinal 0x");
  });

  it("uses the @discoverable name when given", () => {
    expect(ts('library a;\n@discoverable("x.y.Z")\nprotocol P {};')).toContain('export const PMarker = "x.y.Z";');
  });

  it("accepts named payloads and anonymous tables and unions", () => {
    const lib = ir("library a;\ntype Req = table { 1: a int32; };\nprotocol P { strict M(Req) -> (strict union { 1: b bool; }); };");
    const method = lib.protocol_declarations[0]!.methods[0]!;
    expect(typeSig(method.maybe_request_payload)).toBe("a/Req");
    expect(typeSig(method.maybe_response_payload)).toBe("a/PMResponse");
  });
});

describe("client_end, server_end, box, array, vector", () => {
  it("resolves every container type", () => {
    const lib = ir(
      "library a;\nprotocol P {};\ntype T = struct {};\ntype S = resource struct {\n  c client_end:P;\n  s server_end:<P, optional>;\n  b box<T>;\n  a array<uint8, 4>;\n  v vector<vector<string:3>:2>:5;\n  y bytes:9;\n};",
    );
    expect(lib.struct_declarations.find((s) => s.name === "a/S")!.members.map((m) => typeSig(m.type))).toEqual([
      "client_end:a/P",
      "server_end:a/P?",
      "a/T?",
      "array<uint8,4>",
      "vector<vector<string:3>:2>:5",
      "vector<uint8>:9",
    ]);
  });

  it("rejects box of a non-struct", () => {
    expect(errorOf("library a;\ntype S = struct { b box<int32>; };")).toBe("test.fidl:2:25: error: only structs can be boxed, not 'int32'");
  });
});

describe("attributes and doc comments", () => {
  it("keeps attributes and doc comments in the IR", () => {
    const lib = ir('library a;\n/// Line one.\n/// Line two.\n@foo("bar")\ntype S = struct {};');
    expect(lib.struct_declarations[0]!.maybe_attributes).toEqual([
      {
        name: "doc",
        arguments: [
          {
            name: "value",
            type: "string",
            value: {
              kind: "literal",
              value: " Line one.\n Line two.\n",
              expression: "/// Line one.\n/// Line two.",
              literal: { kind: "string", value: " Line one.\n Line two.\n", expression: "/// Line one.\n/// Line two." },
            },
          },
        ],
      },
      { name: "foo", arguments: [{ name: "value", type: "string", value: expect.objectContaining({ value: "bar" }) }] },
    ]);
  });

  it("names nested anonymous layouts after their member, or @generated_name", () => {
    const lib = ir("library a;\ntype Outer = struct {\n  inner_thing struct { x int32; };\n  @generated_name(\"Custom\") other table {};\n};");
    expect(lib.struct_declarations.map((s) => [s.name, s.naming_context])).toEqual([
      ["a/InnerThing", ["Outer", "inner_thing"]],
      ["a/Outer", ["Outer"]],
    ]);
    expect(lib.table_declarations.map((t) => t.name)).toEqual(["a/Custom"]);
  });
});

describe("service", () => {
  it("parses services into the IR", () => {
    const lib = ir("library a;\nprotocol P {};\nservice S { p client_end:P; };");
    expect(lib.service_declarations[0]!.members.map((m) => `${m.name} ${typeSig(m.type)}`)).toEqual(["p client_end:a/P"]);
  });
});
