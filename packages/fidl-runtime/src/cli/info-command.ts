// `fidl-ws info <url>`: who the device is (IdentifyHost) and its components with their protocols.
import { FAKE_DEVICE_MONIKER } from "../context/monikers.ts";
import { ComponentState, RealmExplorerClient, RealmExplorerProtocol } from "../context/generated/fuchsia.fakedevice.ts";
import { toJson } from "../dynamic/json-values.ts";
import type { CliIo } from "./cli-io.ts";
import { deviceUrl, integerFlag, parseCommand } from "./parse-command.ts";
import { withDevice } from "./with-device.ts";

/** Usage of `fidl-ws info`. */
export const INFO_USAGE = `Usage: fidl-ws info <url> [--json] [--token T] [--timeout ms]

Identifies the device (node name, version, boot) and lists its components and the
protocols each exposes.

Options:
  --json         Print one JSON object instead of text (int64 values as strings).
  --token <t>    Bearer token, if the device was started with --token.
  --timeout <ms> Give up after this long (default 5000).
`;

/** Runs `fidl-ws info`. */
export async function runInfo(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand("info", args, { json: { type: "boolean" }, token: { type: "string" }, timeout: { type: "string" } }, ["<url>"]);
  if (values.help === true) {
    io.out(INFO_USAGE);
    return 0;
  }
  const url = deviceUrl("info", positionals[0]!);
  const timeoutMs = integerFlag("info", "timeout", values.timeout, 5_000);
  const { identity, components } = await withDevice({ url, token: values.token as string | undefined, timeoutMs }, async (device) => {
    const identity = await device.identify({ timeoutMs });
    const explorer = new RealmExplorerClient(device.connectDeviceProxy(FAKE_DEVICE_MONIKER, RealmExplorerProtocol));
    try {
      const { components } = await explorer.listComponents({ timeoutMs });
      return { identity, components };
    } finally {
      explorer.$close();
    }
  });
  if (values.json === true) {
    io.out(`${JSON.stringify(toJson({ url, ...identity, components }), null, 2)}\n`);
    return 0;
  }
  const lines = [
    `device    ${url}`,
    `nodename  ${identity.nodename ?? "?"}`,
    `version   ${identity.version ?? "?"}`,
    `serial    ${identity.serial_number ?? "?"}`,
    ...(identity.boot_timestamp_nanos === undefined ? [] : [`booted    ${new Date(Number(identity.boot_timestamp_nanos / 1_000_000n)).toISOString()}`]),
    "",
    `components (${components.length}):`,
  ];
  for (const component of components) {
    const failed = component.state === ComponentState.FAILED ? `  FAILED: ${component.error ?? "unknown error"}` : "";
    lines.push(`  ${component.moniker}${failed}`);
    for (const protocol of component.protocols) lines.push(`    ${protocol}`);
  }
  io.out(`${lines.join("\n")}\n`);
  return 0;
}
