// Starts the fake device as its own process with this package's device.config.json (port 0,
// address read from its first stdout line), or uses one already running (`--device ws://...`).
import { fileURLToPath } from "node:url";
import { spawnFakeDevice } from "@fidl-ws/fake-device";

/** This package's device configuration: the Echo, faulty Echo and EchoCaller components. */
export const DEVICE_CONFIG = fileURLToPath(new URL("../device.config.json", import.meta.url));

/** A device the examples talk to: one this process started, or one given by address. */
export interface DeviceHandle extends AsyncDisposable {
  /** `ws://127.0.0.1:PORT`. */
  readonly url: string;
  /** True if this handle started the process (and `close()` stops it). */
  readonly owned: boolean;
  /** What the device process wrote to stderr (empty for a device given by address). */
  stderr(): string;
  /** Stops the process if this handle started it: SIGTERM, then SIGKILL after 3 s. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link startDevice}. */
export interface StartDeviceOptions {
  /** The config file; default {@link DEVICE_CONFIG}. */
  config?: string;
  /** Give up (and kill the process) if no address is printed within this many ms. Default 15,000. */
  timeoutMs?: number;
}

/**
 * Starts `fake-device --port 0 --config <config> --quiet` and resolves once it printed its
 * address. Rejects with ZX_ERR_TIMED_OUT if it does not within `timeoutMs`, or
 * ZX_ERR_PEER_CLOSED (with its stderr) if it exits first.
 */
export async function startDevice(options: StartDeviceOptions = {}): Promise<DeviceHandle> {
  const device = await spawnFakeDevice({
    args: ["--config", options.config ?? DEVICE_CONFIG, "--quiet"],
    timeoutMs: options.timeoutMs ?? 15_000,
  });
  const close = async (): Promise<void> => {
    await device.close();
  };
  return { url: device.url, owned: true, stderr: () => device.stderr(), close, [Symbol.asyncDispose]: close };
}

/** A handle on a device someone else runs: `close()` leaves it alone. */
export function existingDevice(url: string): DeviceHandle {
  const close = (): Promise<void> => Promise.resolve();
  return { url, owned: false, stderr: () => "", close, [Symbol.asyncDispose]: close };
}

/** `existingDevice(url)` when an address is given, else {@link startDevice}. */
export function useDevice(url: string | undefined): Promise<DeviceHandle> {
  return url === undefined ? startDevice() : Promise.resolve(existingDevice(url));
}
