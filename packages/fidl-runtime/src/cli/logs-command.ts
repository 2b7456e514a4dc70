// `fidl-ws logs`: prints the device log (stored records, and new ones with --follow), filtered
// by moniker and severity, coloured by severity on a terminal.
import type { SeverityLike } from "../context/logs.ts";
import { toJson } from "../dynamic/json-values.ts";
import type { CliIo } from "./cli-io.ts";
import { formatLogRecord, useColour } from "./log-format.ts";
import { deviceUrl, integerFlag, parseCommand } from "./parse-command.ts";
import { UsageError } from "./usage-error.ts";
import { withDevice } from "./with-device.ts";

/** Usage of `fidl-ws logs`. */
export const LOGS_USAGE = `Usage: fidl-ws logs <url> [--follow] [--moniker M] [--severity S] [options]

Prints the device log: the stored records (the device keeps the newest 10,000), and with
--follow new ones as they are written, until Ctrl-C.

Options:
  --follow, -f       Keep printing new records.
  --moniker <m>      Only records from this component (e.g. /core/echo).
  --severity <s>     Only records at least this severe: TRACE, DEBUG, INFO, WARN, ERROR, FATAL.
  --json             One JSON object per line (int64 as strings) instead of text.
  --color <when>     auto (default: colour a terminal unless NO_COLOR is set), always, never.
  --token <t>        Bearer token, if the device requires one.
  --timeout <ms>     Connection timeout (default 5000).
`;

const SEVERITIES = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;

/** Runs `fidl-ws logs`. */
export async function runLogs(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    "logs",
    args,
    {
      follow: { type: "boolean", short: "f" },
      moniker: { type: "string" },
      severity: { type: "string" },
      json: { type: "boolean" },
      color: { type: "string" },
      token: { type: "string" },
      timeout: { type: "string" },
    },
    ["<url>"],
  );
  if (values.help === true) {
    io.out(LOGS_USAGE);
    return 0;
  }
  const url = deviceUrl("logs", positionals[0]!);
  const timeoutMs = integerFlag("logs", "timeout", values.timeout, 5_000);
  const severity = values.severity === undefined ? undefined : String(values.severity).toUpperCase();
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) {
    throw new UsageError(`--severity must be one of ${SEVERITIES.join(", ")}, got ${JSON.stringify(values.severity)}`, "logs");
  }
  const colourMode = values.color as string | undefined;
  if (colourMode !== undefined && !["auto", "always", "never"].includes(colourMode)) {
    throw new UsageError(`--color must be auto, always or never, got ${JSON.stringify(colourMode)}`, "logs");
  }
  const colour = useColour(colourMode, io);
  await withDevice({ url, token: values.token as string | undefined, timeoutMs }, async (device) => {
    const records = device.logs({
      mode: values.follow === true ? "snapshot-then-subscribe" : "snapshot",
      signal: io.signal,
      ...(values.moniker === undefined ? {} : { moniker: String(values.moniker) }),
      ...(severity === undefined ? {} : { minSeverity: severity as SeverityLike }),
    });
    for await (const record of records) {
      io.out(values.json === true ? `${JSON.stringify(toJson(record))}\n` : formatLogRecord(record, colour));
    }
  });
  return 0;
}
