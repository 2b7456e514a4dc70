// `fidl-ws watch`: connects to a component's protocol and prints its events as they arrive.
import { StopEventHandler } from "../bindings/stop.ts";
import { toJson } from "../dynamic/json-values.ts";
import type { CliIo } from "./cli-io.ts";
import { loadCliLibraries } from "./cli-libraries.ts";
import { deviceUrl, integerFlag, listFlag, parseCommand } from "./parse-command.ts";
import { UsageError } from "./usage-error.ts";
import { withDevice } from "./with-device.ts";

/** Usage of `fidl-ws watch`. */
export const WATCH_USAGE = `Usage: fidl-ws watch <url> <moniker> <protocol> [--fidl files|--ir files] [options]

Connects to <protocol> of the component at <moniker> and prints each event as one JSON line,
{"event": "OnString", "payload": {...}}, until the channel closes or Ctrl-C. FIDL events go to
the channel they belong to, so this shows what the component sends on a new connection.

Options:
  --fidl <file>   FIDL source to load (repeatable, or comma-separated)
  --ir <file>     fidlc JSON IR to load (repeatable, or comma-separated)
  --count <n>     Exit after n events.
  --for <ms>      Exit after this long.
  --token <t>     Bearer token, if the device requires one.
  --timeout <ms>  Connection timeout (default 5000).
`;

/** Runs `fidl-ws watch`. */
export async function runWatch(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    "watch",
    args,
    {
      fidl: { type: "string", multiple: true },
      ir: { type: "string", multiple: true },
      count: { type: "string" },
      for: { type: "string" },
      token: { type: "string" },
      timeout: { type: "string" },
    },
    ["<url>", "<moniker>", "<protocol>"],
  );
  if (values.help === true) {
    io.out(WATCH_USAGE);
    return 0;
  }
  const [rawUrl, moniker, protocolName] = positionals as [string, string, string];
  const url = deviceUrl("watch", rawUrl);
  const timeoutMs = integerFlag("watch", "timeout", values.timeout, 5_000);
  const count = integerFlag("watch", "count", values.count);
  const forMs = integerFlag("watch", "for", values.for);
  const library = await loadCliLibraries("watch", { fidl: listFlag(values.fidl), ir: listFlag(values.ir) }, io.cwd);
  const protocol = library.findProtocol(protocolName);
  if (protocol === undefined) {
    throw new UsageError(`<protocol> ${protocolName} is not in the loaded FIDL; pass its file with --fidl or --ir`, "watch");
  }
  const events = protocol.descriptor.methods.filter((m) => m.kind === "event");
  if (events.length === 0) throw new UsageError(`<protocol> ${protocol.name} declares no events`, "watch");
  await withDevice({ url, token: values.token as string | undefined, timeoutMs }, async (device) => {
    const channel = await device.connectDeviceProxyChecked(moniker, protocol.discoverableName, { timeoutMs });
    const client = protocol.client(channel, { onError: () => {} });
    let seen = 0;
    const print = (name: string) => (payload: unknown) => {
      io.out(`${JSON.stringify({ event: name, payload: toJson(payload ?? {}) })}\n`);
      seen += 1;
      if (count !== undefined && seen >= count) throw new StopEventHandler();
    };
    const handlers = Object.fromEntries(events.map((event) => [event.jsName, print(event.name)]));
    const handler = protocol.eventHandler(
      client,
      {
        ...handlers,
        onUnknownEvent: (event: { ordinal: bigint }) => {
          io.out(`${JSON.stringify({ event: null, ordinal: `0x${event.ordinal.toString(16)}` })}\n`);
        },
      },
      { onError: () => {} },
    );
    const stop = () => handler.$stop();
    io.signal.addEventListener("abort", stop, { once: true });
    const timer = forMs === undefined ? undefined : setTimeout(stop, forMs);
    try {
      if (count !== 0) await handler.serve();
    } finally {
      clearTimeout(timer);
      io.signal.removeEventListener("abort", stop);
      client.$close();
    }
  });
  return 0;
}
