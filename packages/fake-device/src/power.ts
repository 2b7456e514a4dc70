// The power admin (fuchsia.hardware.power.statecontrol.Admin): Reboot replies, then the device
// drops every connection and comes back after its reboot delay.
import { type Channel, type FidlError, statecontrol } from "@fidl-ws/runtime";
import type { FakeDevice } from "./device.ts";
import { Severity } from "./log.ts";

/** Serves fuchsia.hardware.power.statecontrol.Admin. */
export class AdminImpl extends statecontrol.AdminServer {
  readonly #device: FakeDevice;

  constructor(channel: Channel, device: FakeDevice) {
    super(channel, { onError: (error: FidlError) => device.log.write(Severity.WARN, "/bootstrap/shutdown_shim", `Admin: ${error.message}`) });
    this.#device = device;
  }

  reboot(request: statecontrol.AdminRebootRequest): undefined {
    const name = Object.entries(statecontrol.RebootReason).find(([, value]) => value === request.reason)?.[0] ?? `reason ${request.reason}`;
    // Let the reply leave before the connections drop.
    setTimeout(() => {
      this.#device.reboot(name).catch(() => {});
    }, 5);
    return undefined;
  }
}
