// fuchsia.fakedevice.faults.Faults: the control protocol for fault injection.
import { type Channel, DomainError, type FidlError, ZxStatus } from "@fidl-ws/runtime";
import * as faults from "../generated/fuchsia.fakedevice.faults.ts";
import type { FakeDevice } from "./device.ts";
import { type FaultSpec, validateFault } from "./faults.ts";
import { Severity } from "./log.ts";

/** Serves fuchsia.fakedevice.faults.Faults. */
export class FaultsImpl extends faults.FaultsServer {
  readonly #device: FakeDevice;

  constructor(channel: Channel, device: FakeDevice) {
    super(channel, { onError: (error: FidlError) => device.log.write(Severity.WARN, "/bootstrap/fake_device", `Faults: ${error.message}`) });
    this.#device = device;
  }

  inject(request: faults.FaultsInjectRequest): faults.Faults_Inject_Response | DomainError<number> {
    const spec = fromFidl(request.spec);
    const problem = spec === undefined ? "a fault needs a protocol name" : validateFault(spec);
    if (spec === undefined || problem !== undefined) {
      this.#device.log.write(Severity.WARN, "/bootstrap/fake_device", `Faults.Inject refused: ${problem}`);
      return new DomainError(ZxStatus.INVALID_ARGS);
    }
    const id = this.#device.faults.inject(spec);
    this.#device.log.write(Severity.INFO, "/bootstrap/fake_device", `fault ${id} injected: ${JSON.stringify(spec)}`);
    return { id };
  }

  clear(request: faults.FaultsClearRequest): void {
    this.#device.faults.clear(request.id);
  }

  dropConnections(): void {
    // Let the reply leave first.
    setTimeout(() => this.#device.dropConnections(), 5);
  }
}

/** The TypeScript form of a FIDL FaultSpec (undefined without a protocol). */
export function fromFidl(spec: faults.FaultSpec): FaultSpec | undefined {
  if (spec.protocol === undefined) return undefined;
  const result: FaultSpec = { protocol: spec.protocol };
  if (spec.moniker !== undefined) result.moniker = spec.moniker;
  if (spec.delay_ms !== undefined) result.delayMs = spec.delay_ms;
  if (spec.epitaph !== undefined) result.epitaph = spec.epitaph;
  if (spec.throw_message !== undefined) result.throwMessage = spec.throw_message;
  if (spec.drop_connection !== undefined) result.dropConnection = spec.drop_connection;
  if (spec.count !== undefined) result.count = spec.count;
  return result;
}
