// The compiler's entry points: FIDL source or fidlc JSON IR in, IR and TypeScript modules out.
import { fail } from "./diagnostics.ts";
import { emitLibraries, emitLibraryModule, type EmitOptions, type EmittedFile } from "./emitter.ts";
import type { IrLibrary } from "./ir.ts";
import { readIrJson, writeIrJson } from "./ir-json.ts";
import { BUILTIN_ZX_DECLARED, builtinZxLibrary, compileSources, type SourceInput } from "./resolver.ts";
import { ZX_LIBRARY } from "./zx-library.ts";

export type { SourceInput } from "./resolver.ts";

/** Result of a compile: the IR of every library and the files to write. */
export interface CompileResult {
  /** Every library compiled, dependencies first (including the built-in `zx` when used). */
  readonly libraries: readonly IrLibrary[];
  /**
   * One TypeScript module per library, plus `<library>.fidl.json` when `emitIr` is set; none for
   * the built-in zx library, whose module ships in the runtime (see {@link compileZxModule}).
   */
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
    for (const library of libraries) {
      if (library.name !== ZX_LIBRARY) files.push({ filename: `${library.name}.fidl.json`, contents: writeIrJson(library) });
    }
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
 * Compiles fidlc JSON IR files (`kind_v2` or older `kind` type objects). A dependency on `zx` is
 * served by the built-in zx library; the IR of `zx` itself is not an accepted input.
 */
export function compileIr(inputs: readonly SourceInput[], options: CompileOptions = {}): CompileResult {
  const libraries = inputs.map((input) => readIrJson(input.text, input.filename));
  const zx = libraries.findIndex((library) => library.name === ZX_LIBRARY);
  if (zx !== -1) fail({ filename: inputs[zx]!.filename, line: 1, column: 1, length: 0 }, BUILTIN_ZX_DECLARED);
  const needsZx = libraries.some((library) => library.library_dependencies.some((dep) => dep.name === ZX_LIBRARY));
  return finish(needsZx ? [builtinZxLibrary(), ...libraries] : libraries, options);
}

/**
 * The TypeScript module of the built-in zx library, importing the runtime's schema helpers from
 * `runtimeImport`. The runtime commits it as src/zx/library.ts; generated code gets it as `zx`.
 */
export function compileZxModule(runtimeImport: string): string {
  return emitLibraryModule(builtinZxLibrary(), [], { runtimeImport });
}
