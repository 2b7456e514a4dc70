// Benchmark (not a test): compile a generated 2,000-declaration library and print the time.
// Run: npx tsx bench/compile.ts
import { performance } from "node:perf_hooks";
import { compileFidl } from "../src/compiler/compile.ts";

/** FIDL text of one library with `count` declarations of every kind, cross-referencing. */
function makeLibrary(count: number): string {
  const lines = ["library bench.big;", "using zx;"];
  for (let i = 0; i < count; i++) {
    switch (i % 8) {
      case 0:
        lines.push(`const C${i} uint32 = ${i + 1};`);
        break;
      case 1:
        lines.push(`/// Enum ${i}.\ntype E${i} = strict enum : uint16 { A = 1; B = 2; C = ${i + 3}; };`);
        break;
      case 2:
        lines.push(`type B${i} = flexible bits { X = 1; Y = 2; Z = 4; };`);
        break;
      case 3:
        lines.push(`type S${i} = struct { a string:C${i - 3}; b vector<E${i - 2}>:8; c box<S${i}>; d B${i - 1}; e int64 = 5; };`);
        break;
      case 4:
        lines.push(`type T${i} = table { 1: s S${i - 1}; 2: n uint8; 3: v vector<string:32>; };`);
        break;
      case 5:
        lines.push(`type U${i} = flexible union { 1: t T${i - 1}; 2: s S${i - 2}; 3: f float64; };`);
        break;
      case 6:
        lines.push(`alias A${i} = vector<U${i - 1}>:4;`);
        break;
      default:
        lines.push(
          `@discoverable\nopen protocol P${i} {\n    M(struct { a A${i - 1}; }) -> (struct { u U${i - 2}:optional; }) error zx.Status;\n    strict N(resource struct { c client_end:P${i}; });\n    -> OnX(table { 1: t T${i - 3}; });\n};`,
        );
    }
  }
  return `${lines.join("\n")}\n`;
}

const text = makeLibrary(2000);
// One warm-up run so the JIT has seen the code, then timed runs.
compileFidl([{ filename: "big.fidl", text }]);
const runs = 5;
const times: number[] = [];
let declarations = 0;
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const result = compileFidl([{ filename: "big.fidl", text }]);
  times.push(performance.now() - start);
  const library = result.libraries.find((l) => l.name === "bench.big")!;
  declarations = Object.keys(library.declarations).length;
  bytes = result.files.reduce((sum, file) => sum + file.contents.length, 0);
}
times.sort((a, b) => a - b);
console.log(
  `fidlgen-ts compile: 2,000 source declarations (${declarations} with synthesized ones), ${(text.length / 1024).toFixed(0)} KiB FIDL -> ${(bytes / 1024).toFixed(0)} KiB TS; ` +
    `median ${times[Math.floor(runs / 2)]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms over ${runs} runs`,
);
