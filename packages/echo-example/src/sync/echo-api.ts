// The async API the sync-facade example runs on a worker thread: it owns its own device
// connection (FIDL channels cannot cross threads) and exposes plain-data methods.
import { connect } from "@fidl-ws/runtime";
import { EchoClient as FfxEchoClient, EchoProtocol as FfxEchoProtocol } from "../../generated/fuchsia.developer.ffx.ts";
import { EchoClient, EchoProtocol } from "../../generated/fuchsia.examples.ts";
import { ECHO_MONIKER, FAULTY_ECHO_MONIKER } from "../monikers.ts";

/** What the worker exposes; every method's promise becomes a plain return value on the caller's side. */
export interface EchoApi {
  /** fuchsia.developer.ffx.Echo.EchoString on /core/echo — the doc's FidlInstance.echo. */
  echo(value: string): Promise<string>;
  /** EchoString on /core/faulty_echo: fails with ZX_ERR_PEER_CLOSED. */
  echoFaulty(value: string): Promise<string>;
  /** How many calls were made, kept across calls on the worker's one event loop. */
  callCount(): Promise<number>;
  /** Closes the device connection (the facade calls it at teardown). */
  close(): Promise<void>;
}

/** Connects to the device at `url` and returns the API (the facade's `export: "openEchoApi"`). */
export async function openEchoApi(url: string): Promise<EchoApi> {
  const device = await connect(url);
  const ffxEcho = new FfxEchoClient(device.connectDeviceProxy(ECHO_MONIKER, FfxEchoProtocol));
  let calls = 0;
  return {
    async echo(value) {
      calls++;
      return (await ffxEcho.echoString({ value }, { timeoutMs: 5_000 })).response;
    },
    async echoFaulty(value) {
      calls++;
      const faulty = new EchoClient(device.connectDeviceProxy(FAULTY_ECHO_MONIKER, EchoProtocol));
      try {
        return (await faulty.echoString({ value }, { timeoutMs: 5_000 })).response;
      } finally {
        faulty.$close();
      }
    },
    async callCount() {
      return calls;
    },
    async close() {
      ffxEcho.$close();
      await device.close();
    },
  };
}
