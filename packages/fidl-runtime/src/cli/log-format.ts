// How `fidl-ws logs` (and `call`, after a crash) print a device log record: one line, coloured
// by severity on a terminal, with the stack indented below it.
import { type LogRecord, Severity } from "../context/generated/fuchsia.fakedevice.ts";
import type { CliIo } from "./cli-io.ts";

const NAMES = new Map<number, string>(Object.entries(Severity).map(([name, value]) => [value, name]));
// ANSI SGR: grey, cyan, default, yellow, red, bold red.
const COLOURS = new Map<number, string>([
  [Severity.TRACE, "\u001b[90m"],
  [Severity.DEBUG, "\u001b[36m"],
  [Severity.WARN, "\u001b[33m"],
  [Severity.ERROR, "\u001b[31m"],
  [Severity.FATAL, "\u001b[1;31m"],
]);
const RESET = "\u001b[0m";

/** The name of a severity value (`ERROR`), or `SEVERITY(n)` for one this side does not know. */
export function severityName(severity: number): string {
  return NAMES.get(severity) ?? `SEVERITY(${severity})`;
}

/**
 * Whether to colour output: `--color always|never|auto`; `auto` colours a terminal unless
 * `NO_COLOR` is set (https://no-color.org), and `FORCE_COLOR` forces it.
 */
export function useColour(mode: string | undefined, io: CliIo): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.isTTY;
}

/** `2025-01-02T03:04:05.678Z ERROR /core/crasher: message`, then the stack indented. */
export function formatLogRecord(record: LogRecord, colour: boolean): string {
  const time = new Date(Number(record.time_nanos / 1_000_000n)).toISOString();
  const severity = severityName(record.severity).padEnd(5);
  const line = `${time} ${severity} ${record.moniker}: ${record.message}`;
  const stack = record.stack === null || record.stack === undefined ? "" : `\n${record.stack.replace(/^/gm, "    ")}`;
  const text = `${line}${stack}`;
  const sgr = colour ? (COLOURS.get(record.severity) ?? "") : "";
  return sgr === "" ? `${text}\n` : `${sgr}${text}${RESET}\n`;
}
