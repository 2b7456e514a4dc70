// Regenerates the runtime's committed bindings: the built-in zx library (→ src/zx/library.ts),
// the SDK's own protocols (fidl/*.fidl → src/context/generated/) and the test libraries
// (test/fidl/*.fidl → test/generated/). With `--check`, writes nothing and fails listing stale or
// missing files.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../src/compiler/cli.ts";
import { compileZxModule } from "../src/compiler/compile.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");

/** Every `.fidl` file in `fidlDir` compiled into `outDir`; generated code imports `runtimeImport`. */
function generate(fidlDir: string, outDir: string, runtimeImport: string): number {
  const inputs = readdirSync(join(root, fidlDir))
    .filter((name) => name.endsWith(".fidl"))
    .sort()
    .map((name) => relative(process.cwd(), join(root, fidlDir, name)));
  const out = relative(process.cwd(), join(root, outDir)) || ".";
  return runCli(["--out", out, "--runtime-import", runtimeImport, ...(check ? ["--check"] : []), ...inputs]);
}

/**
 * The zx library's module, shipped once in the runtime. It imports the schema helpers directly,
 * not codegen.ts, so that codegen.ts can re-export it as `zx` without an import cycle.
 */
function generateZx(file: string, runtimeImport: string): number {
  const path = join(root, file);
  const contents = compileZxModule(runtimeImport);
  const shown = relative(process.cwd(), path);
  if (check) {
    const state = !existsSync(path) ? "missing" : readFileSync(path, "utf8") !== contents ? "stale" : undefined;
    if (state === undefined) return 0;
    process.stderr.write(`fidlgen-ts: generated files are out of date; run fidlgen-ts without --check:\n  ${shown} (${state})\n`);
    return 1;
  }
  writeFileSync(path, contents);
  process.stdout.write(`fidlgen-ts: wrote ${shown}\n`);
  return 0;
}

const results = [
  generateZx("src/zx/library.ts", "../schema/index.ts"),
  generate("fidl", "src/context/generated", "../../codegen.ts"),
  generate("test/fidl", "test/generated", "../../src/codegen.ts"),
];
process.exitCode = results.some((code) => code !== 0) ? 1 : 0;
