// Forces a full garbage collection: before measuring heap growth (E), and between fidl-ws's solo rounds.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined;

/** Runs a full GC (exposing `gc` on first use, since `pnpm bench` cannot pass `--expose-gc`). */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}
