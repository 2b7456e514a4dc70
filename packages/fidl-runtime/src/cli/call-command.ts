// `fidl-ws call`: one call to a device component through RemoteControl, with the request given
// as JSON and the response printed as JSON, using bindings built from FIDL at run time.
import type { DeviceConnection } from "../context/device-connection.ts";
import type { LogRecord } from "../context/generated/fuchsia.fakedevice.ts";
import type { FidlResult } from "../bindings/result.ts";
import { isInvalid, validate } from "../bindings/validate.ts";
import type { IrType } from "../compiler/ir.ts";
import type { DeclIndex } from "../dynamic/decl-index.ts";
import type { DynamicProtocol } from "../dynamic/dynamic-protocol.ts";
import { fromJson, stringifyFidl } from "../dynamic/json-values.ts";
import { methodShape } from "../compiler/protocol-shape.ts";
import { ZxError } from "../zx/error.ts";
import { ZxStatus, statusName } from "../zx/status.ts";
import type { CliIo } from "./cli-io.ts";
import { loadCliLibraries } from "./cli-libraries.ts";
import { formatLogRecord, useColour } from "./log-format.ts";
import { deviceUrl, integerFlag, listFlag, parseCommand } from "./parse-command.ts";
import { EXIT_FAILURE, UsageError } from "./usage-error.ts";
import { withDevice } from "./with-device.ts";

/** Usage of `fidl-ws call`. */
export const CALL_USAGE = `Usage: fidl-ws call <url> <moniker> <protocol> <method> ['<json>'] [options]

Connects to <protocol> of the component at <moniker> through RemoteControl, makes one call and
prints the response as JSON. Bindings are built at run time from the SDK's FIDL plus --fidl/--ir.

  <protocol>  fully qualified (fuchsia.examples/Echo) or discoverable (fuchsia.examples.Echo)
  <method>    FIDL name (EchoString) or camelCase (echoString)
  <json>      the request payload, e.g. '{"value": "hi"}' (default {} ; omit for empty requests)

JSON conventions (both directions): int64/uint64 as decimal strings ("-5"; plain integers are
accepted on input); bytes (vector<uint8>, array<uint8,N>) as arrays of numbers on output and
arrays or base64 strings on input; enums by value or member name ("GREEN"); bits by value or
names joined with | ("ALPHA|BETA"); unions as {"variant": value}; absent table fields omitted.
Result methods print {"err": ...} / {"framework_err": ...} on failure.

Options:
  --fidl <file>   FIDL source to load (repeatable, or comma-separated)
  --ir <file>     fidlc JSON IR to load (repeatable, or comma-separated)
  --timeout <ms>  Fail with ZX_ERR_TIMED_OUT after this long (default 10000)
  --token <t>     Bearer token, if the device requires one
  --color <when>  auto|always|never, for the device log shown after a crash

Exit status: 0 success; 1 the call failed (domain, framework or transport error: the typed
error and its status go to stderr); 2 bad arguments or JSON (the message names the field).
`;

const OPTIONS = {
  fidl: { type: "string", multiple: true },
  ir: { type: "string", multiple: true },
  timeout: { type: "string" },
  token: { type: "string" },
  color: { type: "string" },
} as const;

/** Runs `fidl-ws call`. */
export async function runCall(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand("call", args, OPTIONS, ["<url>", "<moniker>", "<protocol>", "<method>"], ["<json>"]);
  if (values.help === true) {
    io.out(CALL_USAGE);
    return 0;
  }
  const [rawUrl, moniker, protocolName, methodName, json] = positionals as [string, string, string, string, string | undefined];
  const url = deviceUrl("call", rawUrl);
  const timeoutMs = integerFlag("call", "timeout", values.timeout, 10_000);
  const library = await loadCliLibraries("call", { fidl: listFlag(values.fidl), ir: listFlag(values.ir) }, io.cwd);
  const protocol = library.findProtocol(protocolName);
  if (protocol === undefined) {
    throw new UsageError(
      `<protocol> ${protocolName} is not in the loaded FIDL; pass its file with --fidl or --ir (loaded: ${library.protocolNames.join(", ")})`,
      "call",
    );
  }
  const method = protocol.method(methodName);
  const ir = protocol.methodIr(methodName);
  if (method === undefined || ir === undefined || method.kind === "event") {
    const callable = protocol.descriptor.methods.filter((m) => m.kind !== "event").map((m) => m.name);
    const why = method?.kind === "event" ? "is an event (use fidl-ws watch)" : "is not a method of it";
    throw new UsageError(`<method> ${methodName} ${why}; ${protocol.name} has: ${callable.join(", ") || "no methods"}`, "call");
  }
  const shape = methodShape(ir, library.index);
  const request = parseRequest(json, shape.request, library.index, protocol, method.name, method.request);

  const started = BigInt(Date.now()) * 1_000_000n;
  return withDevice({ url, token: values.token as string | undefined, timeoutMs }, async (device) => {
    const channel = await device.connectDeviceProxyChecked(moniker, protocol.discoverableName, { timeoutMs });
    const client = protocol.client(channel, { onError: () => {} });
    try {
      const pending = client.$call(method.name, request, { timeoutMs });
      if (pending === undefined) return 0;
      const answer = await pending;
      if (!method.hasResult) {
        io.out(`${stringifyFidl(answer ?? {})}\n`);
        return 0;
      }
      const result = answer as FidlResult<unknown, unknown>;
      if (result.kind === "response") {
        io.out(`${stringifyFidl(result.response ?? {})}\n`);
        return 0;
      }
      io.out(`${stringifyFidl(result)}\n`);
      const what =
        result.kind === "err"
          ? `returned a domain error: ${describeDomainError(shape.error, result.err, library.index)}`
          : `returned a framework error: ${result.frameworkErr === -2 ? "UNKNOWN_METHOD" : "FRAMEWORK_ERR"} (${result.frameworkErr})`;
      io.err(`fidl-ws call: ${protocol.name}.${method.name} ${what}\n`);
      return EXIT_FAILURE;
    } catch (error) {
      if (ZxError.is(error, ZxStatus.PEER_CLOSED)) await explainPeerClosed(error, device, moniker, started, timeoutMs, values.color as string | undefined, io);
      throw error;
    } finally {
      client.$close();
    }
  });
}

/** Parses, converts and validates the request JSON; every problem is a UsageError naming the field. */
function parseRequest(
  json: string | undefined,
  type: IrType | undefined,
  index: DeclIndex,
  protocol: DynamicProtocol,
  method: string,
  schema: Parameters<typeof validate>[0],
): unknown {
  const where = `${protocol.name}.${method}`;
  if (type === undefined) {
    if (json === undefined || /^\s*(\{\s*\}|null)\s*$/.test(json)) return undefined;
    throw new UsageError(`'<json>': ${where} takes no request payload, got ${JSON.stringify(json)}`, "call");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json ?? "{}");
  } catch (error) {
    throw new UsageError(`'<json>' is not valid JSON: ${(error as Error).message}`, "call");
  }
  const converted = fromJson(type, parsed, index);
  const checked = validate(schema, converted, "request");
  if (isInvalid(checked)) throw new UsageError(`'<json>' does not fit ${where}: ${checked.reason}`, "call");
  return converted;
}

/** Names a domain error value: the enum member, or the zx status for `error zx.Status`. */
function describeDomainError(type: IrType | undefined, value: unknown, index: DeclIndex): string {
  if (type?.kind_v2 === "identifier") {
    if (type.identifier === "zx/Status" && typeof value === "number") return `${statusName(value as never)} (${value})`;
    const found = index.findType(type.identifier);
    if (found?.kind === "enum") {
      const member = found.decl.members.find((m) => String(m.value.value) === String(value));
      if (member !== undefined) return `${member.name} (${String(value)})`;
    }
  }
  return stringifyFidl(value);
}

/**
 * PEER_CLOSED usually means the component's handler threw: show the device's newest WARN+ log
 * record for the moniker since the call started (the exception and its stack), if any.
 */
async function explainPeerClosed(
  _error: ZxError,
  device: DeviceConnection,
  moniker: string,
  since: bigint,
  timeoutMs: number,
  colour: string | undefined,
  io: CliIo,
): Promise<void> {
  const signal = AbortSignal.timeout(Math.min(timeoutMs, 3_000));
  let last: LogRecord | undefined;
  try {
    for await (const record of device.logs({ mode: "snapshot", moniker, since, minSeverity: "WARN", signal })) last = record;
  } catch {
    return; // The device itself is gone: the PEER_CLOSED error says all there is.
  }
  if (last === undefined) return;
  io.err(`fidl-ws call: the channel was closed by the device; its log for ${moniker} says:\n`);
  io.err(formatLogRecord(last, useColour(colour, { ...io, isTTY: false })));
}
