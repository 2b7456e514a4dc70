// StallDetector: notices when synchronous code blocked the event loop (the `time.sleep` pitfall)
// by measuring how late a short repeating timer fires, and reports each stall with its duration.
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import type { ToolkitLogger } from "./logger.ts";

/** One stall: the event loop ran no timers for about `durationMs`. */
export interface Stall {
  /** Measured blocked time in milliseconds (timer lateness; under-reports by at most `intervalMs`). */
  readonly durationMs: number;
  /** The threshold it exceeded. */
  readonly thresholdMs: number;
}

/** Options for {@link StallDetector}. */
export interface StallDetectorOptions {
  /** Report a stall when the loop was blocked longer than this (ms). */
  thresholdMs: number;
  /** Called for each stall. Default: a `logger.warn` line. */
  onStall?: (stall: Stall) => void;
  /** Where the default `onStall` writes; default `console`. */
  logger?: ToolkitLogger;
  /** How often to sample (ms); default `min(thresholdMs / 4, 50)`, at least 1. Smaller is more precise. */
  intervalMs?: number;
}

/**
 * Samples the event loop with a repeating timer and reports every time it fired late by more
 * than `thresholdMs` — each blocking episode separately, with its measured duration
 * (`perf_hooks.monitorEventLoopDelay` only gives a histogram). The timer is unref'd: the
 * detector never keeps a process alive. Start with {@link start} (or {@link detectStalls}).
 */
export class StallDetector implements Disposable {
  /** The threshold stalls are measured against. */
  readonly thresholdMs: number;
  /** The sampling period. */
  readonly intervalMs: number;
  readonly #onStall: (stall: Stall) => void;
  #timer: NodeJS.Timeout | undefined;
  #last = 0;
  #stalls = 0;

  /** Throws ZX_ERR_INVALID_ARGS unless `thresholdMs` is a positive number. */
  constructor(options: StallDetectorOptions) {
    if (!(options.thresholdMs > 0)) {
      throw new ZxError(ZxStatus.INVALID_ARGS, `StallDetector thresholdMs must be > 0, got ${options.thresholdMs}`);
    }
    this.thresholdMs = options.thresholdMs;
    this.intervalMs = Math.max(1, options.intervalMs ?? Math.min(options.thresholdMs / 4, 50));
    const logger = options.logger ?? console;
    this.#onStall =
      options.onStall ??
      ((stall) => logger.warn(`event loop blocked for ${stall.durationMs} ms (threshold ${stall.thresholdMs} ms)`));
  }

  /** True between {@link start} and {@link stop}. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** How many stalls were reported so far. */
  get stallCount(): number {
    return this.#stalls;
  }

  /** Starts sampling; does nothing if already running. Returns this. */
  start(): this {
    if (this.#timer !== undefined) return this;
    this.#last = performance.now();
    this.#timer = setInterval(() => this.#sample(), this.intervalMs);
    this.#timer.unref();
    return this;
  }

  /** Stops sampling. Safe to call twice. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** `using detector = detectStalls(...)` stops it when the block exits. */
  [Symbol.dispose](): void {
    this.stop();
  }

  #sample(): void {
    const now = performance.now();
    const late = now - this.#last - this.intervalMs;
    this.#last = now;
    if (late > this.thresholdMs) {
      this.#stalls++;
      this.#onStall({ durationMs: Math.round(late), thresholdMs: this.thresholdMs });
    }
  }
}

/** Starts a {@link StallDetector} and returns it; `stop()` it (or `using`) when done. */
export function detectStalls(options: StallDetectorOptions): StallDetector {
  return new StallDetector(options).start();
}
