// Load shapes: sequential calls, a fixed number in flight, many connections at once.
import type { EchoCaller, EchoConnection } from "./contender.ts";

/** How much a load run did. */
export interface LoadResult {
  /** Calls completed (fewer than asked when the deadline came first). */
  readonly calls: number;
  readonly elapsedMs: number;
}

function checkEcho(sent: Uint8Array, received: Uint8Array): void {
  // Length only: a full compare would cost as much as the copy being measured. Contents are
  // checked once per contender before timing starts.
  if (received.byteLength !== sent.byteLength) {
    throw new Error(`echo returned ${received.byteLength} bytes for a ${sent.byteLength}-byte payload`);
  }
}

/**
 * Makes up to `count` calls one after another, starting no call after `deadline` (a
 * `performance.now()` value). With `latenciesMs`, call i's round trip in ms is stored at index i.
 */
export async function runSequential(
  caller: EchoCaller,
  payload: Uint8Array,
  count: number,
  latenciesMs?: Float64Array,
  deadline = Number.POSITIVE_INFINITY,
): Promise<LoadResult> {
  const start = performance.now();
  let before = start;
  let calls = 0;
  while (calls < count && before < deadline) {
    checkEcho(payload, caller.echoed(await caller.call(payload)));
    const after = performance.now();
    if (latenciesMs !== undefined) latenciesMs[calls] = after - before;
    before = after;
    calls++;
  }
  return { calls, elapsedMs: before - start };
}

/**
 * Makes up to `total` calls keeping `inFlight` outstanding (closed loop: each completion starts
 * the next call); no call starts after `deadline`.
 */
export async function runInFlight(
  caller: EchoCaller,
  payload: Uint8Array,
  total: number,
  inFlight: number,
  deadline = Number.POSITIVE_INFINITY,
): Promise<LoadResult> {
  let started = 0;
  let completed = 0;
  const worker = async (): Promise<void> => {
    while (started < total && performance.now() < deadline) {
      started++;
      checkEcho(payload, caller.echoed(await caller.call(payload)));
      completed++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  return { calls: completed, elapsedMs: performance.now() - start };
}

/** Runs up to `callsEach` sequential calls on every connection at once, none started after `deadline`. */
export async function runPerConnection(
  connections: readonly EchoConnection[],
  payload: Uint8Array,
  callsEach: number,
  deadline = Number.POSITIVE_INFINITY,
): Promise<LoadResult> {
  const start = performance.now();
  const results = await Promise.all(
    connections.map((connection) => runSequential(connection, payload, callsEach, undefined, deadline)),
  );
  return { calls: results.reduce((sum, r) => sum + r.calls, 0), elapsedMs: performance.now() - start };
}
