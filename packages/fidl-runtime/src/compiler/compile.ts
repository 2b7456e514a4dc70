// The compiler's entry points: FIDL source or fidlc JSON IR in, IR and TypeScript modules out.
import { emitLibraries, type EmitOptions, type EmittedFile } from "./emitter.ts";
import type { IrLibrary } from "./ir.ts";
import { readIrJson, writeIrJson } from "./ir-json.ts";
import { compileSources, type SourceInput } from "./resolver.ts";
import { ZX_FILENAME, ZX_SOURCE } from "./zx-library.ts";

export type { SourceInput } from "./resolver.ts";

/** Result of a compile: the IR of every library and the files to write. */
export interface CompileResult {
  /** Every library compiled, dependencies first (including the built-in `zx` when used). */
  readonly libraries: readonly IrLibrary[];
  /** One TypeScript module per library, plus `<library>.fidl.json` when `emitIr` is set. */
  readonly files: readonly EmittedFile[];
}

/** Options for {@link compileFidl} and {@link compileIr}. */
export interface CompileOptions extends EmitOptions {
  /** Also produce `<library>.fidl.json` (our IR, shaped like fidlc's). */
  readonly emitIr?: boolean;
}

function finish(libraries: readonly IrLibrary[], options: CompileOptions): CompileResult {
  const files = [...emitLibraries(libraries, options)];
  if (options.emitIr) {
    for (const library of libraries) files.push({ filename: `${library.name}.fidl.json`, contents: writeIrJson(library) });
  }
  return { libraries, files };
}

/**
 * Compiles `.fidl` sources (files of one or more libraries). Throws FidlCompileError (status
 * INVALID_ARGS) naming file, line and column of the first problem; nothing is produced then.
 */
export function compileFidl(sources: readonly SourceInput[], options: CompileOptions = {}): CompileResult {
  return finish(compileSources(sources), options);
}

/**
 * Compiles fidlc JSON IR files (`kind_v2` or older `kind` type objects). A dependency on `zx`
 * that is not among the inputs is served by the built-in zx library.
 */
export function compileIr(inputs: readonly SourceInput[], options: CompileOptions = {}): CompileResult {
  const libraries = inputs.map((input) => readIrJson(input.text, input.filename));
  const given = new Set(libraries.map((library) => library.name));
  const needsZx = libraries.some((library) => library.library_dependencies.some((dep) => dep.name === "zx")) && !given.has("zx");
  const all = needsZx ? [...compileSources([{ filename: ZX_FILENAME, text: ZX_SOURCE }]), ...libraries] : libraries;
  return finish(all, options);
}
