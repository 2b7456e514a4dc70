// The built-in zx library ships once, in the runtime: generated modules import it, none get a zx.ts.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as codegen from "../../src/codegen.ts";
import { compileFidl, compileIr, compileZxModule } from "../../src/compiler/compile.ts";
import { FidlCompileError } from "../../src/compiler/diagnostics.ts";
import { writeIrJson } from "../../src/compiler/ir-json.ts";
import { builtinZxLibrary } from "../../src/compiler/resolver.ts";
import * as runtime from "../../src/index.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { errorOf } from "./compile-helpers.ts";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const USES_ZX = "library a;\nusing zx;\nconst R zx.Rights = zx.Rights.READ;\ntype S = struct { o zx.ObjType; };\n";
const BUILT_IN = "library 'zx' is built in: its bindings ship with @fidl-ws/runtime; say 'using zx;' instead of declaring it";

function compileErrorOf(run: () => unknown): FidlCompileError {
  try {
    run();
  } catch (error) {
    if (error instanceof FidlCompileError) return error;
    throw error;
  }
  throw new Error("expected a compile error, but the input compiled");
}

describe("built-in zx library", () => {
  it("imports zx from the runtime module and writes no zx.ts", () => {
    const { files, libraries } = compileFidl([{ filename: "a.fidl", text: USES_ZX }], { runtimeImport: "rt" });
    expect(libraries.map((library) => library.name)).toEqual(["zx", "a"]);
    expect(files.map((file) => file.filename)).toEqual(["a.ts"]);
    const lines = files[0]!.contents.split("\n");
    expect(lines.filter((line) => line.startsWith("import "))).toEqual(['import type { z } from "zod";', 'import * as $fidl from "rt";', 'import { zx } from "rt";']);
    expect(lines).toContain("export const R: zx.Rights = zx.Rights.READ;");
    expect(lines).toContain("  o: zx.ObjTypeSchema,");
  });

  it("writes no zx.fidl.json with emitIr, and gives the same module through --ir", () => {
    const fromFidl = compileFidl([{ filename: "a.fidl", text: USES_ZX }], { runtimeImport: "rt", emitIr: true });
    expect(fromFidl.files.map((file) => file.filename)).toEqual(["a.ts", "a.fidl.json"]);
    const fromIr = compileIr([{ filename: "a.fidl.json", text: fromFidl.files[1]!.contents }], { runtimeImport: "rt" });
    expect(fromIr.libraries.map((library) => library.name)).toEqual(["zx", "a"]);
    expect(fromIr.files.map((file) => file.filename)).toEqual(["a.ts"]);
    // Line 1 names the source file, which differs; the rest is identical.
    expect(fromIr.files[0]!.contents.split("\n").slice(1)).toEqual(fromFidl.files[0]!.contents.split("\n").slice(1));
  });

  it("rejects FIDL that declares library zx, pointing at the library name", () => {
    expect(errorOf("library zx;\ntype S = struct {};\n", "zx.fidl")).toBe(`zx.fidl:1:9: error: ${BUILT_IN}`);
  });

  it("rejects the IR of library zx among --ir inputs with INVALID_ARGS", () => {
    const error = compileErrorOf(() => compileIr([{ filename: "zx.fidl.json", text: writeIrJson(builtinZxLibrary()) }]));
    expect(error.status).toBe(ZxStatus.INVALID_ARGS);
    expect(error.rawMessage).toBe(`zx.fidl.json:1:1: error: ${BUILT_IN}`);
  });

  it("commits the module the compiler emits as src/zx/library.ts", () => {
    expect(readFileSync(join(packageDir, "src", "zx", "library.ts"), "utf8")).toBe(compileZxModule("../schema/index.ts"));
  });

  it("exports one zx namespace from codegen and from the package index", () => {
    expect(runtime.zx).toBe(codegen.zx);
    expect(codegen.zx.Rights.READ).toBe(0x4);
    expect(codegen.zx.CHANNEL_MAX_MSG_BYTES).toBe(65536n);
    expect(codegen.zx.ObjTypeSchema.parse(4)).toBe(codegen.zx.ObjType.CHANNEL);
    expect(codegen.zx.RightsSchema.safeParse(0x02000000).success).toBe(false);
  });

  it("loads a generated module that uses zx under native ESM, with no import cycle", () => {
    const dir = mkdtempSync(join(tmpdir(), "fidlgen-zx-"));
    try {
      writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
      const { files } = compileFidl([{ filename: "a.fidl", text: USES_ZX }], { runtimeImport: join(packageDir, "src", "codegen.ts") });
      writeFileSync(join(dir, "a.ts"), files[0]!.contents);
      // Generated module first: it pulls in codegen.ts, which pulls in the zx module.
      const script = `const a = await import(${JSON.stringify(join(dir, "a.ts"))});\nconsole.log(a.R, a.SSchema.parse({ o: 30 }).o);`;
      const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: packageDir,
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(output).toBe("4 30\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
