// Compile errors: a located problem (`file:line:col: error: message`) and the error that carries them.
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";

/** A position in a source file; line and column are 1-based. */
export interface SourceLocation {
  readonly filename: string;
  readonly line: number;
  readonly column: number;
  /** Length of the span in characters (0 when unknown). */
  readonly length: number;
}

/** One problem found in the input. */
export interface Diagnostic {
  readonly location: SourceLocation;
  readonly message: string;
}

/** Formats a diagnostic as compilers do: `echo.fidl:3:5: error: unknown type 'Foo'`. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const { filename, line, column } = diagnostic.location;
  return `${filename}:${line}:${column}: error: ${diagnostic.message}`;
}

/**
 * The input does not compile. Status INVALID_ARGS; the message lists every diagnostic, one a
 * line, each `file:line:col: error: message`.
 */
export class FidlCompileError extends ZxError {
  override name = "FidlCompileError";
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    super(ZxStatus.INVALID_ARGS, diagnostics.map(formatDiagnostic).join("\n"));
    this.diagnostics = diagnostics;
  }
}

/** Throws a {@link FidlCompileError} with one diagnostic. */
export function fail(location: SourceLocation, message: string): never {
  throw new FidlCompileError([{ location, message }]);
}
