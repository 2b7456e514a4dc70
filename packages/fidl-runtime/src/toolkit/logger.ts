// The logging surface the toolkit writes to: `console` fits, and so does any structured logger.

/** Where the toolkit reports task failures and event-loop stalls. `console` satisfies it. */
export interface ToolkitLogger {
  /** A failure a developer must see (a task that threw). */
  error(message: string): void;
  /** Something suspicious that did not fail (an event-loop stall). */
  warn(message: string): void;
}

/** Formats a thrown value for a log line: its stack when it has one (the stack starts with the message). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return `non-Error value thrown: ${String(error)}`;
}
