// @fidl-ws/fake-device: run an emulated device (as its own process, or in-process) and write
// components for it.
export {
  startFakeDevice,
  FakeDevice,
  DEFAULT_REBOOT_DELAY_MS,
  type FakeDeviceOptions,
  type RunningFakeDevice,
  type DeviceState,
} from "./device.ts";
export {
  defineComponent,
  type ComponentContext,
  type ComponentDefinition,
  type ComponentImplementation,
  type ComponentLogger,
  type ComponentModuleExport,
  type ConnectionContext,
  type ProtocolEntry,
  type ServeFunction,
} from "./component.ts";
export { DeviceLog, LOG_CAPACITY, Severity, severityName, type DeviceLogRecord, type LogFilter } from "./log.ts";
export type { FaultSpec } from "./faults.ts";
export type { ComponentStatus, ConnectErrorName } from "./realm.ts";
export { DEVICE_VERSION } from "./version.ts";
export {
  spawnFakeDevice,
  FAKE_DEVICE_BIN,
  type DeviceProcess,
  type DeviceExit,
  type SpawnFakeDeviceOptions,
} from "./process.ts";
/** Generated bindings of fuchsia.fakedevice.faults (the fault-injection control protocol). */
export * as faults from "../generated/fuchsia.fakedevice.faults.ts";
