// fidlgen-ts command line: compile .fidl files (or fidlc JSON IR) into TypeScript modules.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type CompileResult, compileFidl, compileIr } from "./compile.ts";
import { FidlCompileError, formatDiagnostic } from "./diagnostics.ts";
import { DEFAULT_RUNTIME_IMPORT } from "./emitter.ts";

/** Usage text printed by `--help`. */
export const USAGE = `fidlgen-ts: compile FIDL to typed TypeScript bindings with zod schemas.

Usage:
  fidlgen-ts --out <dir> <file.fidl>...          compile FIDL source (one or more libraries)
  fidlgen-ts --ir --out <dir> <lib.fidl.json>...  compile fidlc JSON IR (kind_v2 or older kind)

Options:
  --out <dir>                 where to write <library>.ts (one module per library)
  --ir                        inputs are fidlc JSON IR files instead of .fidl source
  --check                     write nothing; exit 1 listing files in --out that are stale or missing
  --emit-ir                   also write <library>.fidl.json (our IR, shaped like fidlc's JSON IR)
  --runtime-import <module>   module the generated code imports the runtime from
                              (default ${DEFAULT_RUNTIME_IMPORT})
  --help                      print this help

A library that says 'using zx;' gets the built-in zx library (zx.Status, zx.Handle, zx.Rights...);
its module ships in the runtime, so generated code imports it from the --runtime-import module
and no zx.ts is written. No input may declare library zx itself.
Errors print as 'file:line:col: error: message'; nothing is written when any input fails.
Exit status: 0 success, 1 compile error or stale output, 2 bad usage.
`;

/** Where the CLI writes its output (replaceable in tests). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs fidlgen-ts with `args` (without `node` and the script); resolves to the exit status. */
export function runCli(args: readonly string[], io: CliIo = processIo): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.stderr(`fidlgen-ts: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.out === undefined) {
    io.stderr(`fidlgen-ts: --out <dir> is required\n\n${USAGE}`);
    return 2;
  }
  if (positionals.length === 0) {
    io.stderr(`fidlgen-ts: no input files\n\n${USAGE}`);
    return 2;
  }
  const inputs: { filename: string; text: string }[] = [];
  for (const file of positionals) {
    try {
      inputs.push({ filename: file, text: readFileSync(file, "utf8") });
    } catch (error) {
      io.stderr(`${file}:1:1: error: cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return 1;
    }
  }
  let result: CompileResult;
  const options = {
    runtimeImport: values["runtime-import"] ?? DEFAULT_RUNTIME_IMPORT,
    emitIr: values["emit-ir"] === true,
  };
  try {
    result = values.ir ? compileIr(inputs, options) : compileFidl(inputs, options);
  } catch (error) {
    if (error instanceof FidlCompileError) {
      for (const diagnostic of error.diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
      return 1;
    }
    throw error;
  }
  const outDir = resolve(values.out);
  if (values.check) {
    const stale: string[] = [];
    for (const file of result.files) {
      const path = join(outDir, file.filename);
      if (!existsSync(path)) stale.push(`${join(values.out, file.filename)} (missing)`);
      else if (readFileSync(path, "utf8") !== file.contents) stale.push(`${join(values.out, file.filename)} (stale)`);
    }
    if (stale.length > 0) {
      io.stderr(`fidlgen-ts: generated files are out of date; run fidlgen-ts without --check:\n${stale.map((s) => `  ${s}\n`).join("")}`);
      return 1;
    }
    return 0;
  }
  mkdirSync(outDir, { recursive: true });
  for (const file of result.files) writeFileSync(join(outDir, file.filename), file.contents);
  io.stdout(`fidlgen-ts: wrote ${result.files.map((file) => file.filename).join(", ")} to ${values.out}\n`);
  return 0;
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: "string" },
      ir: { type: "boolean" },
      check: { type: "boolean" },
      "emit-ir": { type: "boolean" },
      "runtime-import": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
