// The host Context: connect to a device, reach its components, stream its log, wait for reboots.
export { connect, DeviceConnection, type ConnectOptions, type TargetWaitOptions } from "./device-connection.ts";
export { DeviceConnectError, type ConnectCapabilityErrorName } from "./connect-error.ts";
export type { LogStreamOptions, SeverityLike } from "./logs.ts";
export { ARCHIVIST_MONIKER, FAKE_DEVICE_MONIKER, SHUTDOWN_SHIM_MONIKER } from "./monikers.ts";
/** Generated bindings of fuchsia.developer.remotecontrol (RemoteControl). */
export * as remotecontrol from "./generated/fuchsia.developer.remotecontrol.ts";
/** Generated bindings of fuchsia.fakedevice (Log, LogIterator, RealmExplorer). */
export * as fakedevice from "./generated/fuchsia.fakedevice.ts";
/** Generated bindings of fuchsia.hardware.power.statecontrol (Admin: Reboot). */
export * as statecontrol from "./generated/fuchsia.hardware.power.statecontrol.ts";
