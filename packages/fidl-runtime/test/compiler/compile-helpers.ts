// Test helper: compile inline FIDL and pick out one library's IR or generated module.
import { compileFidl } from "../../src/compiler/compile.ts";
import { FidlCompileError } from "../../src/compiler/diagnostics.ts";
import type { IrLibrary } from "../../src/compiler/ir.ts";

/** Compiles one inline file and returns the IR of its library (not the built-in zx). */
export function ir(text: string, filename = "test.fidl"): IrLibrary {
  const { libraries } = compileFidl([{ filename, text }]);
  return libraries[libraries.length - 1]!;
}

/** Compiles one inline file and returns the TypeScript module of its library. */
export function ts(text: string, filename = "test.fidl"): string {
  const { files, libraries } = compileFidl([{ filename, text }], { runtimeImport: "../../src/codegen.ts" });
  const name = libraries[libraries.length - 1]!.name;
  return files.find((file) => file.filename === `${name}.ts`)!.contents;
}

/** The single error line (`file:line:col: error: message`) a bad input produces. */
export function errorOf(text: string, filename = "test.fidl"): string {
  try {
    compileFidl([{ filename, text }]);
  } catch (error) {
    if (error instanceof FidlCompileError) return error.rawMessage;
    throw error;
  }
  throw new Error("expected a compile error, but the input compiled");
}
