// Regenerates the runtime's own test bindings (test/fidl/*.fidl → test/generated/); with
// `--check`, writes nothing and fails listing stale or missing files.
import { readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../src/compiler/cli.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const fidlDir = join(root, "test", "fidl");
const outDir = join(root, "test", "generated");
const inputs = readdirSync(fidlDir)
  .filter((name) => name.endsWith(".fidl"))
  .sort()
  .map((name) => relative(process.cwd(), join(fidlDir, name)));
const check = process.argv.includes("--check");
const args = ["--out", relative(process.cwd(), outDir) || ".", "--runtime-import", "../../src/codegen.ts", ...(check ? ["--check"] : []), ...inputs];
process.exitCode = runCli(args);
