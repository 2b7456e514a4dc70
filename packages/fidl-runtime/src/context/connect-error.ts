// DeviceConnectError: a typed failure of ConnectCapability (bad moniker, no such capability...).
import { ZxError } from "../zx/error.ts";
import { ZxStatus, type ZxStatusCode } from "../zx/status.ts";

/** Names of fuchsia.developer.remotecontrol.ConnectCapabilityError values. */
export type ConnectCapabilityErrorName =
  | "INVALID_MONIKER"
  | "NO_MATCHING_CAPABILITIES"
  | "NO_MATCHING_COMPONENT"
  | "CAPABILITY_CONNECT_FAILED"
  | "UNKNOWN";

const names: Record<number, ConnectCapabilityErrorName> = {
  1: "INVALID_MONIKER",
  2: "NO_MATCHING_CAPABILITIES",
  3: "NO_MATCHING_COMPONENT",
  4: "CAPABILITY_CONNECT_FAILED",
};

const statuses: Record<ConnectCapabilityErrorName, ZxStatusCode> = {
  INVALID_MONIKER: ZxStatus.INVALID_ARGS,
  NO_MATCHING_CAPABILITIES: ZxStatus.NOT_FOUND,
  NO_MATCHING_COMPONENT: ZxStatus.NOT_FOUND,
  CAPABILITY_CONNECT_FAILED: ZxStatus.UNAVAILABLE,
  UNKNOWN: ZxStatus.INTERNAL,
};

/**
 * Connecting to a device capability failed. `reason` is the device's ConnectCapabilityError;
 * `status` maps it: INVALID_MONIKER → INVALID_ARGS, NO_MATCHING_COMPONENT and
 * NO_MATCHING_CAPABILITIES → NOT_FOUND, CAPABILITY_CONNECT_FAILED → UNAVAILABLE. The message
 * names the moniker and capability:
 * `[ZX_ERR_NOT_FOUND] cannot connect to fuchsia.examples.Echo at /core/nope: NO_MATCHING_COMPONENT`.
 */
export class DeviceConnectError extends ZxError {
  override name = "DeviceConnectError";
  readonly reason: ConnectCapabilityErrorName;
  readonly moniker: string;
  readonly capability: string;

  constructor(reason: ConnectCapabilityErrorName | number, moniker: string, capability: string) {
    const name = typeof reason === "number" ? (names[reason] ?? "UNKNOWN") : reason;
    const detail = typeof reason === "number" && names[reason] === undefined ? `unknown error ${reason}` : name;
    super(statuses[name], `cannot connect to ${capability} at ${moniker}: ${detail}`);
    this.reason = name;
    this.moniker = moniker;
    this.capability = capability;
  }

  /** The zx status an epitaph carries for this reason (what the device closes the channel with). */
  static statusFor(reason: ConnectCapabilityErrorName): ZxStatusCode {
    return statuses[reason];
  }
}
