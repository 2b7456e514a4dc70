// Conformance with fidlc: our IR against fidlc's golden JSON IR for each case in
// ../shared/conformance/fidlc, and every golden compiled through the `--ir` path and typechecked.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileFidl, compileIr } from "../../src/compiler/compile.ts";
import type { IrLibrary } from "../../src/compiler/ir.ts";
import { readIrJson, writeIrJson } from "../../src/compiler/ir-json.ts";
import { irFacts } from "./ir-facts.ts";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const repoRoot = resolve(packageDir, "../..");
const conformanceDir = resolve(repoRoot, "..", "shared", "conformance", "fidlc");
const present = existsSync(conformanceDir);
if (!present) console.warn(`conformance: ${conformanceDir} is absent; skipping the fidlc conformance tests`);

/**
 * What the subset cannot express, per case: source text removed before compiling, and golden
 * declarations left out of the comparison, each with its reason.
 */
const KNOWN_GAPS: Record<string, { reason: string; dropSource: RegExp[]; dropDecls: string[] }> = {
  handles: {
    reason: "uses the driver framework library `fdf` (fdf.handle, @transport(\"Driver\")), which fidl-ws does not model",
    dropSource: [/^using fdf;$/m, /@transport\("Driver"\)\nclosed protocol DriverProtocol \{\};/, /@bindings_denylist[^\n]*\ntype FdfHandles = resource struct \{[^}]*\};/],
    dropDecls: ["test.handles/DriverProtocol", "test.handles/FdfHandles"],
  },
};

const cases = present ? readdirSync(conformanceDir).sort() : [];

function sourcesOf(name: string): { filename: string; text: string }[] {
  const dir = join(conformanceDir, name);
  return readdirSync(dir)
    .filter((file) => file.endsWith(".fidl"))
    .map((file) => {
      let text = readFileSync(join(dir, file), "utf8");
      for (const pattern of KNOWN_GAPS[name]?.dropSource ?? []) text = text.replace(pattern, "");
      return { filename: file, text };
    });
}

function goldenOf(name: string): IrLibrary {
  const file = readdirSync(join(conformanceDir, name)).find((f) => f.endsWith(".json.golden"))!;
  return readIrJson(readFileSync(join(conformanceDir, name, file), "utf8"), file);
}

describe.skipIf(!present)("fidlc conformance", () => {
  it("finds the conformance cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of cases) {
    it(`matches fidlc's golden IR for '${name}'`, () => {
      const golden = goldenOf(name);
      const ours = compileFidl(sourcesOf(name)).libraries.find((library) => library.name === golden.name);
      expect(ours, `library ${golden.name} compiled`).toBeDefined();
      const expected = irFacts(golden);
      for (const drop of KNOWN_GAPS[name]?.dropDecls ?? []) delete expected[drop];
      const actual = irFacts(ours!);
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      for (const decl of Object.keys(expected)) expect(actual[decl], decl).toEqual(expected[decl]);
      // Declaration kinds, including synthesized names, agree too.
      const kinds = Object.fromEntries(Object.entries(golden.declarations).filter(([decl]) => !(KNOWN_GAPS[name]?.dropDecls ?? []).includes(decl)));
      expect(ours!.declarations).toEqual(kinds);
    });
  }

  it("compiles every golden through the --ir path into TypeScript that typechecks", () => {
    const dir = mkdtempSync(join(tmpdir(), "fidlgen-conformance-"));
    try {
      symlinkSync(join(packageDir, "node_modules"), join(dir, "node_modules"), "dir");
      writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
      const runtimeImport = join(packageDir, "src", "codegen.ts");
      for (const name of cases) {
        const goldenFile = readdirSync(join(conformanceDir, name)).find((f) => f.endsWith(".json.golden"))!;
        const inputs = [{ filename: goldenFile, text: readFileSync(join(conformanceDir, name, goldenFile), "utf8") }];
        const golden = goldenOf(name);
        // A golden's dependencies (other than zx) come from our own front end, as JSON IR.
        for (const dep of golden.library_dependencies) {
          if (dep.name === "zx" || dep.name === "fdf") continue;
          const library = compileFidl(sourcesOf(name)).libraries.find((l) => l.name === dep.name)!;
          inputs.push({ filename: `${dep.name}.fidl.json`, text: writeIrJson(library) });
        }
        const result = compileIr(inputs, { runtimeImport });
        const out = join(dir, name);
        mkdirSync(out);
        for (const file of result.files) writeFileSync(join(out, file.filename), file.contents);
        // The older `kind` goldens must give the same IR as kind_v2 would: endpoints, not identifiers.
        if (name === "protocols") {
          const ends = result.libraries.find((l) => l.name === "test.protocols")!.struct_declarations.find((s) => s.name === "test.protocols/ProtocolEnds")!;
          expect(ends.members.map((m) => m.type.kind_v2)).toEqual(["endpoint", "endpoint", "endpoint", "endpoint"]);
        }
      }
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          extends: join(repoRoot, "tsconfig.base.json"),
          compilerOptions: { noEmit: true, allowImportingTsExtensions: true, typeRoots: [join(repoRoot, "node_modules", "@types")] },
          include: ["*/*.ts"],
        }),
      );
      const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
      let output = "";
      try {
        execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { encoding: "utf8", timeout: 90_000 });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      // Errors in runtime files other helpers are still writing are not ours to judge here.
      const ours = output.split("\n").filter((line) => line.startsWith(dir) || line.includes("fidlgen-conformance") || /src\/(compiler|schema)\//.test(line));
      expect(ours).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
