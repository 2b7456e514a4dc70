// The `fake-device` command: parses flags, starts the device, prints its address as the first
// stdout line, and shuts down cleanly on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { severityName } from "./log.ts";
import { startFakeDevice } from "./device.ts";
import type { RunningFakeDevice } from "./device.ts";
import { turnOffIncrementalMarking } from "./gc-tuning.ts";

const USAGE = `Usage: fake-device [options]

An emulated Fuchsia device: serves RemoteControl over a WebSocket on each connection.

Options:
  --port <n>             TCP port (0 = any free port; default 0). The first stdout line is
                         the device address, ws://HOST:PORT
  --host <addr>          Address to bind (default 127.0.0.1). Binding elsewhere without
                         --token prints a warning.
  --config <file>        JSON config: { "components": [{ "moniker": "/core/echo",
                         "module": "./echo.ts", "export": "default",
                         "protocols": ["fuchsia.examples.Echo"] }], "faults": [...],
                         "allowedOrigins": [...], "rebootDelayMs": 300 }
                         Modules resolve relative to the config file.
  --token <token>        Require "Authorization: Bearer <token>" or ?token=<token>.
  --allow-origin <url>   Accept WebSocket requests with this Origin (repeatable).
  --trace                Print every FIDL message (protocol.method, direction, txid, size)
                         to stderr, one line each.
  --name <name>          Node name reported by IdentifyHost (default fuchsia-fake-device).
  --reboot-delay-ms <n>  How long a reboot takes (default 300).
  --quiet                Do not echo WARN and ERROR log records to stderr.
  --incremental-marking  Keep V8's incremental marking. By default the device turns it off:
                         under large messages it restarts every few MB of buffers and costs
                         about three times the CPU of collecting at the heap limit.
  --help                 Show this help.

Environment:
  FAKE_DEVICE_EXIT_WITH_PARENT=1   exit when the parent process goes away (test harnesses).
`;

function fail(message: string): never {
  process.stderr.write(`fake-device: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) fail(`--${name} must be an integer from 0 to ${max}, got ${JSON.stringify(text)}`);
  return Number(text);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse().values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  if (values["incremental-marking"] !== true) turnOffIncrementalMarking();
  const port = integer("port", values.port, 0, 65_535);
  const rebootDelayMs = values["reboot-delay-ms"] === undefined ? undefined : integer("reboot-delay-ms", values["reboot-delay-ms"], 300, 600_000);
  let device: RunningFakeDevice;
  try {
    device = await startFakeDevice({
      port,
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(values.name === undefined ? {} : { name: values.name }),
      ...(values.token === undefined ? {} : { token: values.token }),
      ...(values.config === undefined ? {} : { config: values.config }),
      ...(values["allow-origin"] === undefined ? {} : { allowedOrigins: values["allow-origin"] }),
      ...(rebootDelayMs === undefined ? {} : { rebootDelayMs }),
      trace: values.trace === true ? (line: string) => process.stderr.write(`${line}\n`) : false,
      onWarning: (message: string) => process.stderr.write(`fake-device: warning: ${message}\n`),
    });
  } catch (error) {
    process.stderr.write(`fake-device: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${device.url}\n`);
  if (values.quiet !== true) {
    device.device.log.onRecord((record) => {
      if (record.severity < 0x40) return;
      const stack = record.stack === null ? "" : `\n${record.stack}`;
      process.stderr.write(`fake-device: ${severityName(record.severity)} ${record.moniker}: ${record.message}${stack}\n`);
    });
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    device.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`fake-device: error while stopping on ${signal}: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  if (process.env.FAKE_DEVICE_EXIT_WITH_PARENT === "1") {
    // Test harnesses set this so a crashed test runner never leaves a device running.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop("parent exit");
    }, 500).unref();
  }
}

function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      config: { type: "string" },
      token: { type: "string" },
      "allow-origin": { type: "string", multiple: true },
      trace: { type: "boolean" },
      "incremental-marking": { type: "boolean" },
      name: { type: "string" },
      "reboot-delay-ms": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

await main();
