// The RemoteControl the device serves on every link's bootstrap channel: echo, identify, and
// ConnectCapability routing into the realm (refusals close the channel with an epitaph).
import { hostname } from "node:os";
import {
  type Channel,
  DeviceConnectError,
  DomainError,
  type FidlError,
  remotecontrol,
} from "@fidl-ws/runtime";
import type { FakeDevice } from "./device.ts";
import { DEVICE_VERSION } from "./version.ts";
import { Severity } from "./log.ts";

const { ConnectCapabilityError, OpenDirType } = remotecontrol;

/** Capability sets the device serves from (every capability is "exposed"). */
const SERVED_SETS: ReadonlySet<number> = new Set([OpenDirType.EXPOSED_DIR, OpenDirType.OUTGOING_DIR]);

/** One RemoteControl instance, bound to one host connection. */
export class RemoteControlImpl extends remotecontrol.RemoteControlServer {
  readonly #device: FakeDevice;
  readonly #dropConnection: () => void;

  constructor(channel: Channel, device: FakeDevice, dropConnection: () => void) {
    super(channel, { onError: (error: FidlError) => device.log.write(Severity.WARN, "/", `RemoteControl: ${error.message}`) });
    this.#device = device;
    this.#dropConnection = dropConnection;
  }

  echoString(request: remotecontrol.RemoteControlEchoStringRequest): remotecontrol.RemoteControlEchoStringResponse {
    return { response: request.value };
  }

  identifyHost(): remotecontrol.RemoteControl_IdentifyHost_Response {
    const device = this.#device;
    return {
      response: {
        nodename: device.name,
        boot_timestamp_nanos: device.bootTimeNanos,
        serial_number: device.deviceId,
        ids: [device.bootId],
        product_config: "fake",
        board_config: `node-${process.version}-${hostname().slice(0, 40)}`,
        addresses: [device.url.replace(/^ws:\/\//, "")],
        boot_id: device.bootId,
        version: DEVICE_VERSION,
      },
    };
  }

  connectCapability(
    request: remotecontrol.RemoteControlConnectCapabilityRequest,
  ): undefined | DomainError<remotecontrol.ConnectCapabilityError> {
    const { moniker, capability_set: set, capability_name: name, server_channel: channel } = request;
    const result = SERVED_SETS.has(set)
      ? this.#device.realm.connect(moniker, name, channel, this.#dropConnection)
      : ({ ok: false, error: "NO_MATCHING_CAPABILITIES", message: `capability set ${set} is not served` } as const);
    if (result.ok) return undefined;
    this.#device.log.write(Severity.INFO, "/", `ConnectCapability(${moniker}, ${name}) refused: ${result.message}`);
    // The pipelined caller learns why from the epitaph; the awaiting caller from the error value.
    try {
      channel.closeWithEpitaph(DeviceConnectError.statusFor(result.error));
    } catch {
      channel.close();
    }
    return new DomainError(ConnectCapabilityError[result.error]);
  }

  getTime(): remotecontrol.RemoteControlGetTimeResponse {
    return { time: this.#device.monotonicNanos() };
  }
}
