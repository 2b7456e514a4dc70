// Tying a serve loop to an AbortSignal, so structured-concurrency owners can end it.

/** Runs `stop` when `signal` aborts (at once if it already has), until `settled` settles. */
export function untilSettled(settled: Promise<unknown>, signal: AbortSignal, stop: () => void): void {
  if (signal.aborted) {
    stop();
    return;
  }
  signal.addEventListener("abort", stop, { once: true });
  const detach = () => signal.removeEventListener("abort", stop);
  settled.then(detach, detach);
}
