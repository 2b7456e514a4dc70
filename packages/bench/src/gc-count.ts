// Mark-compacts in the clients' heap during a sample (the harness's, or a contender's worker's).
//
// With 64 KiB payloads every library's figures follow V8's old-generation marking more than the
// library's own code: a process that enters a regime of one mark-compact every few dozen calls
// spends several times the CPU per call of one that does not (see the README). Showing the count
// beside each sample says which regime a figure was measured in.
import type { MeasuredSample } from "./contender.ts";
import type { Sample } from "./metrics.ts";
import { constants, type NodeGCPerformanceDetail, type PerformanceEntry, PerformanceObserver } from "node:perf_hooks";

/** Counts mark-compacts from its creation until `stop()`. */
export interface MarkCompactCounter {
  /** Stops counting; resolves with how many mark-compacts finished since the counter was created. */
  stop(): Promise<number>;
}

/** Starts counting this process's mark-compacts (scavenges are not counted). */
export function countMarkCompacts(): MarkCompactCounter {
  let count = 0;
  const tally = (entries: readonly PerformanceEntry[]): void => {
    for (const entry of entries) {
      // GC entries carry their kind in `detail` (a field @types/node leaves off the base class).
      const detail = (entry as PerformanceEntry & { detail?: NodeGCPerformanceDetail }).detail;
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) count++;
    }
  };
  const observer = new PerformanceObserver((list) => tally(list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  return {
    async stop(): Promise<number> {
      // Node records a GC's entry from an immediate queued by the GC itself: let those run, then
      // take whatever has not reached the callback yet.
      await new Promise<void>((resolve) => setImmediate(resolve));
      tally(observer.takeRecords());
      observer.disconnect();
      return count;
    },
  };
}

/**
 * Runs a sample, counting this heap's mark-compacts that finish meanwhile when `counting` (else
 * `markCompacts` is undefined). Counting stops when the sample settles, whether or not it throws.
 */
export async function measureSample(counting: boolean, run: () => Promise<Sample>): Promise<MeasuredSample> {
  const counter = counting ? countMarkCompacts() : undefined;
  let sample: Sample;
  let markCompacts: number | undefined;
  try {
    sample = await run();
  } finally {
    markCompacts = await counter?.stop();
  }
  return { sample, markCompacts };
}
