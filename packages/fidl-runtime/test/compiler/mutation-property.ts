// A fast-check property shared by the test and `pnpm fuzz`: random mutations of valid FIDL never
// crash the compiler — they compile, or fail with a located FidlCompileError.
import fc from "fast-check";
import { compileFidl } from "../../src/compiler/compile.ts";
import { FidlCompileError } from "../../src/compiler/diagnostics.ts";

/** Valid FIDL the mutations start from: most constructs of the subset in one library. */
export const SEED_FIDL = `library fuzz.seed;
using zx;
const MAX uint32 = 16;
/// Doc.
type E = strict enum : uint8 { A = 1; B = 2; };
type B = flexible bits { X = 1; Y = 2; };
type S = struct { a string:MAX; b vector<int32>:4; c box<S>; d E = E.A; };
type T = table { 1: x int64; 2: y S; };
type U = strict union { 1: s S; 2: t T; };
alias Name = string:8;
@discoverable
open protocol P {
    M(struct { n Name; }) -> (struct { u U:optional; }) error zx.Status;
    strict One(resource struct { h zx.Handle:CHANNEL; c client_end:P; });
    -> OnE(table { 1: e E; });
};
service Svc { p client_end:P; };
`;

const TOKENS = ["{", "}", "(", ")", "<", ">", ";", ":", ",", ".", "=", "|", "->", "@", "///", "\n", " ", "struct", "table", "union", "enum", "bits", "strict", "flexible", "resource", "optional", "protocol", "compose", "error", "box", "vector", "array", "string", "0", "-1", "0x", '"', "zx", "MAX", "S", "T", "U", "E.A", "type", "const", "alias", "using"];

/** A mutation: delete, insert or replace a slice of the source. */
export const mutationArbitrary = fc.array(
  fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 6 }),
    insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })),
  }),
  { minLength: 1, maxLength: 4 },
);

/** Applies mutations to `source`. */
export function mutate(source: string, mutations: readonly { at: number; remove: number; insert: string }[]): string {
  let text = source;
  for (const m of mutations) {
    const at = m.at % (text.length + 1);
    text = text.slice(0, at) + m.insert + text.slice(at + m.remove);
  }
  return text;
}

/** The property: compile succeeds, or throws FidlCompileError whose diagnostics point into the file. */
export const neverCrashesProperty = fc.property(mutationArbitrary, (mutations) => {
  const text = mutate(SEED_FIDL, mutations);
  try {
    compileFidl([{ filename: "fuzz.fidl", text }]);
  } catch (error) {
    if (!(error instanceof FidlCompileError)) throw error;
    const lines = text.split("\n").length;
    for (const d of error.diagnostics) {
      const inUserFile = d.location.filename === "fuzz.fidl";
      if (!inUserFile && !d.location.filename.includes("zx")) throw new Error(`diagnostic in unexpected file: ${d.location.filename}`);
      if (inUserFile && (d.location.line < 1 || d.location.line > lines || d.location.column < 1)) {
        throw new Error(`diagnostic outside the file: ${d.location.line}:${d.location.column} (${lines} lines)`);
      }
      if (d.message.length === 0) throw new Error("empty diagnostic message");
    }
  }
});
