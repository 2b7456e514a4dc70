// The `fidl-ws` command: experiment with a device without writing code. Dispatches to one file
// per command and turns errors into messages and exit codes.
import { ZxError } from "../zx/error.ts";
import { statusName } from "../zx/status.ts";
import { CALL_USAGE, runCall } from "./call-command.ts";
import type { CliIo } from "./cli-io.ts";
import { DEVICE_USAGE, runDevice } from "./device-command.ts";
import { INFO_USAGE, runInfo } from "./info-command.ts";
import { LOGS_USAGE, runLogs } from "./logs-command.ts";
import { TRACE_USAGE, runTrace } from "./trace-command.ts";
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from "./usage-error.ts";
import { WATCH_USAGE, runWatch } from "./watch-command.ts";

/** Top-level usage of `fidl-ws`. */
export const USAGE = `Usage: fidl-ws <command> [arguments] [--help]

Talk FIDL to a (fake) Fuchsia device from the command line; bindings are built at run time
from FIDL sources or fidlc JSON IR, no generation step.

Commands:
  device [options]                             start the fake device (@fidl-ws/fake-device)
  info <url>                                   identify the device, list components and protocols
  call <url> <moniker> <protocol> <method> [json]   make one call, print the response as JSON
  watch <url> <moniker> <protocol>             print a protocol's events as they arrive
  logs <url> [--follow] [--moniker M] [--severity S]   print the device log
  trace <url>                                  tracing proxy: print every FIDL message, decoded

Run "fidl-ws <command> --help" for a command's options.
`;

const COMMANDS: Record<string, { run: (args: readonly string[], io: CliIo) => Promise<number>; usage: string }> = {
  device: { run: runDevice, usage: DEVICE_USAGE },
  info: { run: runInfo, usage: INFO_USAGE },
  call: { run: runCall, usage: CALL_USAGE },
  watch: { run: runWatch, usage: WATCH_USAGE },
  logs: { run: runLogs, usage: LOGS_USAGE },
  trace: { run: runTrace, usage: TRACE_USAGE },
};

/**
 * Runs `fidl-ws` with `args` (without the node and script paths) and resolves with the exit
 * code: 0 success, 1 the device or call failed (typed error and status on stderr), 2 bad usage
 * (the message names the argument).
 */
export async function runFidlWs(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err(`fidl-ws: unknown command ${JSON.stringify(name)} (commands: ${Object.keys(COMMANDS).join(", ")})\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`fidl-ws ${name}: ${error.rawMessage}\nRun "fidl-ws ${name} --help" for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ZxError) {
      io.err(`fidl-ws ${name}: ${error.message}\nstatus: ${statusName(error.status)} (${error.status})\n`);
      return EXIT_FAILURE;
    }
    io.err(`fidl-ws ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
