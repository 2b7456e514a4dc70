// The device's built-in components: the log service, the power admin, and the fake device's own
// control protocols; plus the RemoteControl served on each connection's bootstrap channel.
import {
  ARCHIVIST_MONIKER,
  type Channel,
  FAKE_DEVICE_MONIKER,
  type ProtocolDescriptor,
  SHUTDOWN_SHIM_MONIKER,
  fakedevice,
  remotecontrol,
  statecontrol,
} from "@fidl-ws/runtime";
import { FaultsProtocol } from "../generated/fuchsia.fakedevice.faults.ts";
import { LogImpl } from "./archivist.ts";
import type { FakeDevice } from "./device.ts";
import { RealmExplorerImpl } from "./explorer.ts";
import { FaultsImpl } from "./faults-server.ts";
import { AdminImpl } from "./power.ts";
import type { ComponentSource } from "./realm.ts";
import { RemoteControlImpl } from "./remote-control.ts";

/** The built-in components of one boot. */
export function builtinComponents(device: FakeDevice): ComponentSource[] {
  return [
    {
      moniker: ARCHIVIST_MONIKER,
      load: () => ({
        protocols: {
          [fakedevice.LogProtocol.discoverableName]: {
            descriptor: fakedevice.LogProtocol,
            serve: (channel: Channel, context) => new LogImpl(channel, device.log, context.signal).serve(),
          },
        },
      }),
    },
    {
      moniker: SHUTDOWN_SHIM_MONIKER,
      load: () => ({
        protocols: {
          [statecontrol.AdminProtocol.discoverableName]: {
            descriptor: statecontrol.AdminProtocol,
            serve: (channel: Channel) => new AdminImpl(channel, device).serve(),
          },
        },
      }),
    },
    {
      moniker: FAKE_DEVICE_MONIKER,
      load: () => ({
        protocols: {
          [fakedevice.RealmExplorerProtocol.discoverableName]: {
            descriptor: fakedevice.RealmExplorerProtocol,
            serve: (channel: Channel) => new RealmExplorerImpl(channel, device).serve(),
          },
          [FaultsProtocol.discoverableName]: {
            descriptor: FaultsProtocol,
            serve: (channel: Channel) => new FaultsImpl(channel, device).serve(),
          },
        },
      }),
    },
  ];
}

/** Descriptors of protocols that are not components' (RemoteControl, LogIterator) for traces. */
export function builtinDescriptorsOf(_device: FakeDevice): ProtocolDescriptor[] {
  return [remotecontrol.RemoteControlProtocol, fakedevice.LogIteratorProtocol];
}

/** Serves RemoteControl on a connection's bootstrap channel. */
export function serveRemoteControl(device: FakeDevice, channel: Channel, dropConnection: () => void): void {
  new RemoteControlImpl(channel, device, dropConnection).serve().catch(() => {});
}
