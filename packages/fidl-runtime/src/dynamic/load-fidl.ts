// loadFidl: compile `.fidl` files (or read fidlc JSON IR) at run time into a FidlLibrary.
import { readFile } from "node:fs/promises";
import { compileFidl, compileIr } from "../compiler/compile.ts";
import type { IrLibrary } from "../compiler/ir.ts";
import { writeIrJson } from "../compiler/ir-json.ts";
import type { SourceInput } from "../compiler/resolver.ts";
import { FidlLibrary } from "./fidl-library.ts";

/** What to load: FIDL sources, or JSON IR (fidlc's or ours) as files, text or parsed objects. */
export type LoadFidlInput =
  | {
      /** `.fidl` file paths, or `{ filename, text }` sources. Every library they declare is loaded. */
      readonly fidl: readonly (string | SourceInput)[];
    }
  | {
      /** JSON IR: file paths, `{ filename, text }`, or already-parsed IR objects. */
      readonly ir: readonly (string | SourceInput | IrLibrary | Record<string, unknown>)[];
    };

/**
 * Loads FIDL libraries at run time, with no generation step. Rejects with the compiler's
 * FidlCompileError (INVALID_ARGS, naming file, line and column) for bad FIDL or IR, and with the
 * file system's error for an unreadable path.
 *
 * ```ts
 * const lib = await loadFidl({ fidl: ["echo.fidl"] });
 * const echo = lib.protocol("fuchsia.examples/Echo").client(channel);
 * const { response } = await echo.$call("echoString", { value: "hi" });
 * ```
 */
export async function loadFidl(input: LoadFidlInput): Promise<FidlLibrary> {
  if ("fidl" in input) {
    const sources = await Promise.all(input.fidl.map(readSource));
    return new FidlLibrary(compileFidl(sources).libraries);
  }
  const sources = await Promise.all(
    input.ir.map(async (item, i): Promise<SourceInput> => {
      if (typeof item === "string" || isSource(item)) return readSource(item);
      // Parsed objects go through the same reader as text, so fidlc's older shapes are normalized.
      return { filename: `<ir object ${i}>`, text: writeIrJson(item as IrLibrary) };
    }),
  );
  return new FidlLibrary(compileIr(sources).libraries);
}

/** Synchronous {@link loadFidl} for sources already in memory (no file reads). */
export function loadFidlSources(sources: readonly SourceInput[]): FidlLibrary {
  return new FidlLibrary(compileFidl(sources).libraries);
}

async function readSource(item: string | SourceInput): Promise<SourceInput> {
  if (typeof item !== "string") return item;
  return { filename: item, text: await readFile(item, "utf8") };
}

function isSource(item: unknown): item is SourceInput {
  return typeof item === "object" && item !== null && typeof (item as SourceInput).text === "string" && typeof (item as SourceInput).filename === "string";
}
