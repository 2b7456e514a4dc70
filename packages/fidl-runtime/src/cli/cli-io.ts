// Where the CLI reads and writes: the process by default, something else in tests.

/** The CLI's view of its process. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** True when standard output is a terminal (log colours). */
  readonly isTTY: boolean;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory (relative paths, finding the fake-device package). */
  readonly cwd: string;
  /** Aborts when the user interrupts (SIGINT/SIGTERM): long-running commands end cleanly. */
  readonly signal: AbortSignal;
}

/** The process's stdout, stderr, environment and signals. */
export function processIo(): CliIo {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
}
