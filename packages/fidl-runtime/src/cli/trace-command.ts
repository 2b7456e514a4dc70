// `fidl-ws trace`: a tracing proxy in front of a device. Hosts connect to the proxy's address
// instead of the device's; every FIDL message that crosses is printed decoded (like fidlcat).
//
// Why a proxy: a host process can only tap its own link, and the device's `--trace` prints
// names only, on the device's stderr. Sitting between host and device sees every message of
// every connection that goes through it, decodes payloads with the loaded FIDL, and needs no
// change to either side — at the price of pointing the host at another URL.
import type { IncomingMessage } from "node:http";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { loopbackMaskerFor } from "../link/frame-mask.ts";
import { LINK_SERVER_OPTIONS } from "../link/server-options.ts";
import type { CliIo } from "./cli-io.ts";
import { loadCliLibraries } from "./cli-libraries.ts";
import { deviceUrl, integerFlag, listFlag, parseCommand } from "./parse-command.ts";
import { TraceDecoder, type TraceDirection, formatTraceEvent } from "./trace-decoder.ts";

/** Usage of `fidl-ws trace`. */
export const TRACE_USAGE = `Usage: fidl-ws trace <url> [--listen port] [--fidl files|--ir files] [--json]

Starts a tracing proxy for the device at <url>. Its first stdout line is the proxy's address:
connect your script, test or other fidl-ws command to that address instead of the device's.
Every FIDL message on every connection through it is then printed, decoded by protocol and
method (payloads as JSON), until Ctrl-C:

  conn=1 >> ch=3 fuchsia.examples/Echo.EchoString request txid=1 {"value":"hi"}
  conn=1 << ch=3 fuchsia.examples/Echo.EchoString response txid=1 {"response":"hi"}

>> is host to device, << device to host. Protocols not in the loaded FIDL show their ordinal.
(The device's own --trace flag prints method names, without payloads, on the device's stderr.)

Options:
  --listen <port> Port for the proxy on 127.0.0.1 (default 0: any free port).
  --fidl <file>   FIDL source to decode with (repeatable, or comma-separated).
  --ir <file>     fidlc JSON IR to decode with (repeatable, or comma-separated).
  --json          One JSON object per message instead of text.
`;

/** Runs `fidl-ws trace` until `io.signal` aborts. */
export async function runTrace(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    "trace",
    args,
    { listen: { type: "string" }, fidl: { type: "string", multiple: true }, ir: { type: "string", multiple: true }, json: { type: "boolean" } },
    ["<url>"],
  );
  if (values.help === true) {
    io.out(TRACE_USAGE);
    return 0;
  }
  const target = new URL(deviceUrl("trace", positionals[0]!));
  const port = integerFlag("trace", "listen", values.listen, 0);
  const library = await loadCliLibraries("trace", { fidl: listFlag(values.fidl), ir: listFlag(values.ir) }, io.cwd);
  const ordinals = TraceDecoder.ordinals(library.protocolNames.map((name) => library.protocol(name).descriptor));
  const print = (line: string) => io.out(`${line}\n`);

  const server = new WebSocketServer({ host: "127.0.0.1", port, ...LINK_SERVER_OPTIONS });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const address = server.address();
  const listening = typeof address === "object" && address !== null ? address.port : port;
  print(`ws://127.0.0.1:${listening}`);
  let connections = 0;
  server.on("connection", (downstream: WebSocket, request: IncomingMessage) => {
    const connection = ++connections;
    const decoder = new TraceDecoder(connection, ordinals);
    const upstreamUrl = new URL(request.url ?? "/", target);
    const headers: Record<string, string> = {};
    if (request.headers.authorization !== undefined) headers.authorization = request.headers.authorization;
    const masker = loopbackMaskerFor(upstreamUrl);
    const upstream = new WebSocket(upstreamUrl, {
      headers,
      perMessageDeflate: false,
      maxPayload: LINK_SERVER_OPTIONS.maxPayload,
      ...(masker === undefined ? {} : { generateMask: masker.generateMask }),
    });
    const sendUpstream = (buffer: Buffer) => {
      if (masker !== undefined) masker.nextFrameBytes = buffer.length;
      upstream.send(buffer);
    };
    const queued: Buffer[] = [];
    const show = (direction: TraceDirection, data: Buffer) => {
      const event = decoder.decode(direction, data);
      if (event !== undefined) print(values.json === true ? JSON.stringify(event) : formatTraceEvent(event));
    };
    print(`conn=${connection} opened (${upstreamUrl.origin})`);
    downstream.on("message", (data: RawData) => {
      const buffer = toBuffer(data);
      show("host->device", buffer);
      if (upstream.readyState === WebSocket.OPEN) sendUpstream(buffer);
      else queued.push(buffer);
    });
    upstream.on("open", () => {
      for (const buffer of queued.splice(0)) sendUpstream(buffer);
    });
    upstream.on("message", (data: RawData) => {
      const buffer = toBuffer(data);
      show("device->host", buffer);
      if (downstream.readyState === WebSocket.OPEN) downstream.send(buffer);
    });
    const closeBoth = (why: string) => () => {
      if (downstream.readyState !== WebSocket.CLOSED) downstream.terminate();
      if (upstream.readyState !== WebSocket.CLOSED) upstream.terminate();
      print(`conn=${connection} closed (${why})`);
    };
    let closed = false;
    const once = (why: string) => () => {
      if (closed) return;
      closed = true;
      closeBoth(why)();
    };
    downstream.on("close", once("by the host"));
    upstream.on("close", once("by the device"));
    upstream.on("error", (error) => {
      print(`conn=${connection} cannot reach the device: ${error.message}`);
      once("device unreachable")();
    });
    downstream.on("error", once("host socket error"));
  });
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
