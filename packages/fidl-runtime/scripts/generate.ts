// Regenerates the runtime's committed bindings: the SDK's own protocols (fidl/*.fidl →
// src/context/generated/) and the test libraries (test/fidl/*.fidl → test/generated/). With
// `--check`, writes nothing and fails listing stale or missing files.
import { readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../src/compiler/cli.ts";

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

const results = [
  generate("fidl", "src/context/generated", "../../codegen.ts"),
  generate("test/fidl", "test/generated", "../../src/codegen.ts"),
];
process.exitCode = results.some((code) => code !== 0) ? 1 : 0;
