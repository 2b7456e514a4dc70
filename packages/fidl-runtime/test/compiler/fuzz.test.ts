// Random mutations of valid FIDL never crash the compiler (about 1,000 runs; `pnpm fuzz` runs more).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileFidl } from "../../src/compiler/compile.ts";
import { SEED_FIDL, neverCrashesProperty } from "./mutation-property.ts";

describe("mutation fuzzing", () => {
  it("compiles the unmutated seed", () => {
    expect(compileFidl([{ filename: "seed.fidl", text: SEED_FIDL }]).files.map((f) => f.filename)).toEqual(["zx.ts", "fuzz.seed.ts"]);
  });

  it("never crashes on 1,000 random mutations: each compiles or gives a located error", () => {
    fc.assert(neverCrashesProperty, { numRuns: 1000, seed: 424242 });
  }, 30_000);
});
