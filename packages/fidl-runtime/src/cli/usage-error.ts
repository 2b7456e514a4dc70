// UsageError: the command line itself is wrong (unknown flag, missing argument, malformed JSON).
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";

/** Exit code of a usage error (like most CLIs: 2 for "you called me wrong"). */
export const EXIT_USAGE = 2;
/** Exit code when the device, the call or the connection failed. */
export const EXIT_FAILURE = 1;

/**
 * The command line is wrong: the message names the bad argument (`--timeout must be a
 * non-negative integer, got "soon"`). Printed with the command's usage line; exit code 2.
 */
export class UsageError extends ZxError {
  override name = "UsageError";
  /** The command whose usage to print (`call`), or undefined for the top level. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(ZxStatus.INVALID_ARGS, message);
    this.command = command;
  }
}
