// `pnpm fuzz`: every fuzz property of the test suite at 200,000 cases (FUZZ_RUNS to change),
// in chunks with a GC between them, reporting heap use so a leak shows as growth.
// Run with `node --expose-gc --import tsx scripts/fuzz.ts`.
import fc from "fast-check";
import { neverCrashesProperty } from "../test/compiler/mutation-property.ts";
import { clientMessagesProperty, serverMessagesProperty } from "../test/fuzz/message-properties.ts";
import { decoderProperty, liveLinkProperty } from "../test/link/frame-properties.ts";

const total = Number(process.env.FUZZ_RUNS ?? 200_000);
const chunks = 10;
const gc = (globalThis as { gc?: () => void }).gc;

const unhandled: unknown[] = [];
process.on("unhandledRejection", (reason) => unhandled.push(reason));

/** Each fuzz target as "run it N times". */
const targets: Array<[string, (numRuns: number) => unknown]> = [
  ["link frame decoder", (numRuns) => fc.assert(decoderProperty, { numRuns })],
  ["live link fed random frames", (numRuns) => fc.assert(liveLinkProperty, { numRuns })],
  ["generated server fed random messages", (numRuns) => fc.assert(serverMessagesProperty, { numRuns })],
  ["generated client fed random replies", (numRuns) => fc.assert(clientMessagesProperty, { numRuns })],
  ["compiler fed mutated FIDL", (numRuns) => fc.assert(neverCrashesProperty, { numRuns })],
];

function heapMiB(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

let failed = false;
for (const [name, run] of targets) {
  const started = performance.now();
  const heaps: number[] = [heapMiB()];
  try {
    for (let chunk = 0; chunk < chunks; chunk++) {
      await run(Math.ceil(total / chunks));
      heaps.push(heapMiB());
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const growth = (heaps.at(-1)! - heaps[1]!).toFixed(1);
    console.log(
      `ok   ${name}: ${total.toLocaleString("en")} cases in ${seconds} s; heap ${heaps.map((h) => h.toFixed(1)).join(" → ")} MiB (growth after warm-up ${growth} MiB)`,
    );
  } catch (error) {
    failed = true;
    console.log(`FAIL ${name}: ${(error as Error).message}`);
  }
}
if (unhandled.length > 0) {
  failed = true;
  console.log(`FAIL ${unhandled.length} unhandled rejection(s): ${String(unhandled[0])}`);
}
if (gc === undefined) console.log("(run with --expose-gc for exact heap figures)");
process.exitCode = failed ? 1 : 0;
