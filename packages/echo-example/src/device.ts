// Starts the fake device as its own process with this package's device.config.json (port 0,
// address read from its first stdout line), or uses one already running (`--device ws://...`).
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ZxError, ZxStatus } from "@fidl-ws/runtime";

/** This package's device configuration: the Echo, faulty Echo and EchoCaller components. */
export const DEVICE_CONFIG = fileURLToPath(new URL("../device.config.json", import.meta.url));

// The package exports only its library entry; its CLI launcher sits next to it.
const FAKE_DEVICE_BIN = join(dirname(createRequire(import.meta.url).resolve("@fidl-ws/fake-device")), "../bin/fake-device.mjs");

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
  const child = spawn(process.execPath, [FAKE_DEVICE_BIN, "--port", "0", "--config", options.config ?? DEVICE_CONFIG, "--quiet"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= stop(child, exited);
    return closing;
  };
  try {
    const url = await firstLine(child, options.timeoutMs ?? 15_000, () => stderr);
    return { url, owned: true, stderr: () => stderr, close, [Symbol.asyncDispose]: close };
  } catch (error) {
    await close();
    throw error;
  }
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

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, 3_000);
  });
  await Promise.race([exited, forced]);
  clearTimeout(timer);
  await exited;
}

function firstLine(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const stdout = child.stdout!;
    stdout.setEncoding("utf8");
    const cleanup = (): void => {
      clearTimeout(timer);
      stdout.off("data", onData);
      child.off("exit", onExit);
    };
    const onData = (chunk: string): void => {
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      cleanup();
      // Keep draining stdout so the device never blocks on a full pipe.
      stdout.resume();
      resolve(buffered.slice(0, newline).trim());
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new ZxError(ZxStatus.PEER_CLOSED, `fake-device exited (code ${code}) before printing its address; stderr:\n${stderr()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new ZxError(ZxStatus.TIMED_OUT, `fake-device printed no address within ${timeoutMs} ms; stderr:\n${stderr()}`));
    }, timeoutMs);
    stdout.on("data", onData);
    child.once("exit", onExit);
  });
}
