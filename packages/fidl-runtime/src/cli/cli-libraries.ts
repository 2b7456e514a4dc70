// The FIDL the CLI knows: the SDK's own protocols (RemoteControl, the device log, RealmExplorer,
// power Admin) plus whatever `--fidl` / `--ir` files the user names.
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileFidl, compileIr } from "../compiler/compile.ts";
import type { IrLibrary } from "../compiler/ir.ts";
import type { SourceInput } from "../compiler/resolver.ts";
import { FidlLibrary } from "../dynamic/fidl-library.ts";
import { UsageError } from "./usage-error.ts";

const SDK_FIDL = ["fuchsia.developer.remotecontrol.fidl", "fuchsia.fakedevice.fidl", "fuchsia.hardware.power.statecontrol.fidl"].map((name) =>
  fileURLToPath(new URL(`../../fidl/${name}`, import.meta.url)),
);

/** Which files to load on top of the SDK's own FIDL. */
export interface LibraryFiles {
  readonly fidl: readonly string[];
  readonly ir: readonly string[];
}

/**
 * Compiles the SDK FIDL together with the user's `.fidl` files (so they may `using` SDK
 * libraries), adds `--ir` libraries, and returns one {@link FidlLibrary}. A missing file is a
 * {@link UsageError} naming the flag and the path; a compile error keeps the compiler's
 * file:line:column message.
 */
export async function loadCliLibraries(command: string, files: LibraryFiles, cwd: string): Promise<FidlLibrary> {
  const fidl = await Promise.all(files.fidl.map((path) => readInput(command, "--fidl", path, cwd)));
  const ir = await Promise.all(files.ir.map((path) => readInput(command, "--ir", path, cwd)));
  const sdk = await Promise.all(SDK_FIDL.map(async (path) => ({ filename: path, text: await readFile(path, "utf8") })));
  const libraries: IrLibrary[] = [...compileFidl([...sdk, ...fidl]).libraries];
  if (ir.length > 0) {
    // IR libraries win over same-named SDK ones: the user asked for them explicitly.
    const fromIr = compileIr(ir).libraries;
    const names = new Set(fromIr.map((library) => library.name));
    return new FidlLibrary([...libraries.filter((library) => !names.has(library.name)), ...fromIr]);
  }
  return new FidlLibrary(libraries);
}

async function readInput(command: string, flag: string, path: string, cwd: string): Promise<SourceInput> {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  try {
    return { filename: path, text: await readFile(full, "utf8") };
  } catch (error) {
    throw new UsageError(`${flag} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, command);
  }
}
