// Pattern 3 — "FIDL server errors": a server whose handler throws closes its channel, and the
// other side sees only PEER_CLOSED. Both directions: a device component's handler throws (the host
// finds the cause in the streamed device log), and a host-served server handed to a device
// component throws (the device sees PEER_CLOSED; the host finds the cause with the exception
// callback, serveLogged — the doc's `task.add_done_callback(log_exception)`).
import { Channel, type DeviceConnection, FidlError, TaskGroup, type ToolkitLogger, connect, serveLogged, statusName } from "@fidl-ws/runtime";
import { EchoCallerClient, EchoCallerProtocol } from "../../generated/fidlws.examples.ts";
import { EchoClient, EchoProtocol } from "../../generated/fuchsia.examples.ts";
import { type DeviceLogRecord, storedRecords, watchLog } from "../device-log.ts";
import { HostEchoServer } from "../host/host-echo-server.ts";
import { ECHO_CALLER_MONIKER, FAULTY_ECHO_MONIKER } from "../monikers.ts";
import { type Output, createOutput } from "../output.ts";
import { type Example, type ExampleOptions, isMain, messageOf, runExampleCli, statusOf } from "./example.ts";

/** What the host saw of a failed call. */
export interface ObservedError {
  /** `ZX_ERR_PEER_CLOSED`. */
  status: string;
  /** The FidlError code, e.g. `PEER_CLOSED`. */
  code: string | undefined;
  message: string;
}

/** What {@link serverErrors} observed. */
export interface ServerErrorsResult {
  /** WRONG (device-side handler throws): all the host gets. */
  hostSaw: ObservedError;
  /** RIGHT: the device log record of the failure (moniker, protocol.method, message, stack). */
  deviceRecord: DeviceLogRecord;
  /** Reverse, WRONG: what the device component's CallEcho returned (a zx status name). */
  deviceSaw: string;
  /** Reverse: the record the device component wrote about it. */
  callerRecord: DeviceLogRecord;
  /** Reverse, RIGHT: what the exception callback logged on the host (the cause, with its stack). */
  hostLogged: string[];
}

function observe(error: unknown): ObservedError {
  return { status: statusOf(error), code: FidlError.isCode(error) ? error.code : undefined, message: messageOf(error) };
}

async function callFaulty(device: DeviceConnection, value: string): Promise<unknown> {
  const faulty = new EchoClient(device.connectDeviceProxy(FAULTY_ECHO_MONIKER, EchoProtocol));
  try {
    await faulty.echoString({ value }, { timeoutMs: 5_000 });
  } catch (error) {
    return error;
  } finally {
    faulty.$close();
  }
  throw new Error(`${FAULTY_ECHO_MONIKER} answered; it was meant to fail`);
}

function showRecord(out: Output, record: DeviceLogRecord): void {
  out.line(`device log: ERROR ${record.moniker}: ${record.message}`);
  for (const frame of (record.stack ?? "(no stack)").split("\n").slice(0, 3)) out.line(`    ${frame.trim()}`);
}

/** Hands a host-served Echo to /core/echo_caller and returns what its CallEcho answered. */
async function callBack(device: DeviceConnection, server: Channel, value: string): Promise<string> {
  const caller = new EchoCallerClient(device.connectDeviceProxy(ECHO_CALLER_MONIKER, EchoCallerProtocol));
  try {
    const result = await caller.callEcho({ echo: server, value }, { timeoutMs: 10_000 });
    return result.kind === "response" ? `response "${result.response.response}"` : result.kind === "err" ? statusName(result.err) : "framework error";
  } finally {
    caller.$close();
  }
}

async function deviceSideThrows(device: DeviceConnection, out: Output): Promise<{ hostSaw: ObservedError; deviceRecord: DeviceLogRecord }> {
  out.section(`WRONG: a device component's handler throws (${FAULTY_ECHO_MONIKER}), and the host just calls it`);
  const hostSaw = observe(await callFaulty(device, "just calling"));
  out.line(`the host sees only: ${hostSaw.message}`);
  out.line("no reason, no stack: the exception stayed on the device");

  out.section("RIGHT: stream the device log while calling; the record carries the cause and its stack");
  const value = "log streamed";
  const watch = watchLog(device, { moniker: FAULTY_ECHO_MONIKER, minSeverity: "ERROR" }, (record) => record.message.includes(value), 5_000);
  const again = observe(await callFaulty(device, value));
  out.line(`the host still gets ${again.status}, and the device log says why:`);
  const deviceRecord = await watch.record;
  showRecord(out, deviceRecord);
  return { hostSaw, deviceRecord };
}

async function hostSideThrows(device: DeviceConnection, out: Output): Promise<Omit<ServerErrorsResult, "hostSaw" | "deviceRecord">> {
  out.section(`WRONG (reverse): a host-served Echo handed to ${ECHO_CALLER_MONIKER} throws; serve() is fired and forgotten`);
  const [wrongClient, wrongServer] = Channel.create();
  // onError silenced to show what Python gives you: the bindings' default would print the failure.
  void new HostEchoServer(wrongServer, { failing: true, onError: () => {} }).serve();
  const deviceSaw = await callBack(device, wrongClient, "call me back");
  out.line(`the device component's call failed with ${deviceSaw}; the host printed nothing`);
  const records = await storedRecords(device, { moniker: ECHO_CALLER_MONIKER, minSeverity: "ERROR" });
  const callerRecord = records.at(-1);
  if (callerRecord === undefined) throw new Error(`${ECHO_CALLER_MONIKER} wrote no ERROR record`);
  out.line(`device log: ERROR ${callerRecord.moniker}: ${callerRecord.message}`);

  out.section("RIGHT (reverse): serve it with serveLogged (the exception callback) in a TaskGroup");
  const hostLogged: string[] = [];
  const logger: ToolkitLogger = {
    error: (message) => {
      hostLogged.push(message);
      const lines = message.split("\n");
      out.line(`host log: ${lines.slice(0, 3).join("\n    ")}`);
    },
    warn: (message) => out.line(`host log (warn): ${message}`),
  };
  const [client, server] = Channel.create();
  const group = new TaskGroup({ name: "host servers", onError: () => {} });
  try {
    serveLogged(new HostEchoServer(server, { failing: true, onError: () => {} }), { group, logger });
    const outcome = await callBack(device, client, "call me back");
    out.line(`the device still sees ${outcome}, but the host logged the cause the moment its server died`);
  } finally {
    await group.close();
  }
  return { deviceSaw, callerRecord, hostLogged };
}

/** Pattern 3: make server failures visible on both sides. */
export const serverErrors: Example<ServerErrorsResult> = {
  name: "server-errors",
  title: "3. FIDL server errors",
  description: "a throwing handler shows up as PEER_CLOSED; the device log and the exception callback show the cause",
  async run({ url, out = createOutput() }: ExampleOptions): Promise<ServerErrorsResult> {
    await using device = await connect(url);
    const deviceSide = await deviceSideThrows(device, out);
    const hostSide = await hostSideThrows(device, out);
    return { ...deviceSide, ...hostSide };
  },
};

if (isMain(import.meta.url)) await runExampleCli(serverErrors);
