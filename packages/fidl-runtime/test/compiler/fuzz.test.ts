// Random mutations of valid FIDL never crash the compiler (10,000 runs; `pnpm fuzz` runs more).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileFidl } from "../../src/compiler/compile.ts";
import { FUZZ_RUNS } from "../fuzz/runs.ts";
import { SEED_FIDL, neverCrashesProperty } from "./mutation-property.ts";

describe("mutation fuzzing", () => {
  it("compiles the unmutated seed", () => {
    expect(compileFidl([{ filename: "seed.fidl", text: SEED_FIDL }]).files.map((f) => f.filename)).toEqual(["fuzz.seed.ts"]);
  });

  it(`never crashes on ${FUZZ_RUNS.toLocaleString("en")} random mutations: each compiles or gives a located error`, () => {
    fc.assert(neverCrashesProperty, { numRuns: FUZZ_RUNS });
  }, 300_000);
});
