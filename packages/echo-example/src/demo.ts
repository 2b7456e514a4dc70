// `pnpm demo`: the whole story end to end — starts the fake device process, runs every pattern of
// the async best-practices doc with sectioned output, stops the device. Exits 0 when all ran.
import { EXAMPLES } from "./examples/index.ts";
import { runExamples } from "./examples/example.ts";
import { createOutput } from "./output.ts";

const out = createOutput();
const started = performance.now();
out.line('fidl-ws demo: the patterns of "Best practices on using async Python in Fuchsia Controller", in TypeScript');
const code = await runExamples(EXAMPLES, undefined, out);
out.line(`demo ${code === 0 ? "finished" : "FAILED"} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = code;
