// fuchsia.fakedevice.RealmExplorer: lists components and their protocols (for `fidl-ws info`).
import { type Channel, type FidlError, fakedevice } from "@fidl-ws/runtime";
import type { FakeDevice } from "./device.ts";
import { Severity } from "./log.ts";

/** Serves fuchsia.fakedevice.RealmExplorer. */
export class RealmExplorerImpl extends fakedevice.RealmExplorerServer {
  readonly #device: FakeDevice;

  constructor(channel: Channel, device: FakeDevice) {
    super(channel, { onError: (error: FidlError) => device.log.write(Severity.WARN, "/bootstrap/fake_device", `RealmExplorer: ${error.message}`) });
    this.#device = device;
  }

  listComponents(): fakedevice.RealmExplorerListComponentsResponse {
    return {
      components: this.#device.realm.list().map((component) => ({
        moniker: component.moniker,
        protocols: component.protocols,
        state: component.state === "failed" ? fakedevice.ComponentState.FAILED : fakedevice.ComponentState.RUNNING,
        error: component.error ?? null,
      })),
    };
  }
}
