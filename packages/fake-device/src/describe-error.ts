// Turns anything thrown into what a log record needs: a message, a stack, and the FIDL method
// when the error names one (the bindings' FidlError carries `protocol` and `method`).

/** The loggable parts of a thrown value. */
export interface DescribedError {
  message: string;
  /** The most useful stack: the original error's (the deepest `cause` that has one). */
  stack: string | null;
  /** The FIDL method the error names, if any. */
  method: string | undefined;
}

/** Describes a thrown value for the device log. */
export function describeError(error: unknown): DescribedError {
  if (!(error instanceof Error)) return { message: String(error), stack: null, method: undefined };
  let method: string | undefined;
  let stack: string | null = error.stack ?? null;
  const seen = new Set<unknown>();
  for (let current: unknown = error; current instanceof Error && !seen.has(current); current = current.cause) {
    seen.add(current);
    const named = (current as { method?: unknown }).method;
    if (method === undefined && typeof named === "string" && named !== "") method = named;
    if (current !== error && typeof current.stack === "string") stack = current.stack;
  }
  let message = error.message;
  const code = (error as { code?: unknown }).code;
  if (code === "HANDLER_FAILED" && error.cause instanceof Error) {
    // The bindings' wrapper adds nothing the record does not already say (protocol, method).
    message = error.cause.message;
  } else if (error.cause instanceof Error && !message.includes(error.cause.message)) {
    message += ` (cause: ${error.cause.message})`;
  }
  return { message, stack, method };
}
