// What scenario F runs on the sync facade's worker thread: its own device connection and a
// BytesEcho client (channels cannot cross threads), exposed as plain async methods.
import { connect } from "@fidl-ws/runtime";
import { BytesEchoClient, BytesEchoProtocol } from "../../generated/fidlws.bench.ts";
import { BENCH_ECHO_MONIKER } from "./moniker.ts";

/** The worker-side API. */
export interface SyncEchoApi {
  echo(value: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Connects to the device at `url` (the facade's factory). */
export default async function openSyncEchoApi(url: string): Promise<SyncEchoApi> {
  const device = await connect(url);
  const client = new BytesEchoClient(device.connectDeviceProxy(BENCH_ECHO_MONIKER, BytesEchoProtocol));
  return {
    async echo(value) {
      return (await client.echo({ value })).value;
    },
    close: () => device.close(),
  };
}
