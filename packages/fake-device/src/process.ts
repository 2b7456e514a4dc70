// Runs the fake device as its own process (port 0, address read from its first stdout line):
// what integration tests, examples and benchmarks use, so that the device is never mocked.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ZxError, ZxStatus } from "@fidl-ws/runtime";

/** The `fake-device` CLI launcher. */
export const FAKE_DEVICE_BIN = fileURLToPath(new URL("../bin/fake-device.mjs", import.meta.url));

/** How a device process ended. */
export interface DeviceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running device process. */
export interface DeviceProcess extends AsyncDisposable {
  /** `ws://127.0.0.1:PORT`, as the device printed it. */
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves once stderr contains `text`; rejects after `timeoutMs` (default 5,000). */
  waitForStderr(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` (default SIGKILL) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<DeviceExit>;
  /** SIGTERM (a clean shutdown), then SIGKILL after 3 s. Idempotent. */
  close(): Promise<DeviceExit>;
  /** Resolves when the process exits. */
  readonly exited: Promise<DeviceExit>;
}

/** Options of {@link spawnFakeDevice}. */
export interface SpawnFakeDeviceOptions {
  /** Extra CLI arguments (`--config`, `--token`, `--trace`, ...); `--port 0` is always passed. */
  args?: readonly string[];
  /** Give up (and kill the process) if no address is printed within this many ms. Default 15,000. */
  timeoutMs?: number;
  /** Exit when this process goes away, so a crashed test run leaves no device behind. Default true. */
  exitWithParent?: boolean;
}

/**
 * Starts `fake-device --port 0 ...args` and resolves once it printed its address. Rejects with
 * ZX_ERR_TIMED_OUT if it does not within `timeoutMs`, or ZX_ERR_PEER_CLOSED (with its stderr)
 * if it exits first; the process is killed either way.
 */
export async function spawnFakeDevice(options: SpawnFakeDeviceOptions = {}): Promise<DeviceProcess> {
  const child = spawn(process.execPath, [FAKE_DEVICE_BIN, "--port", "0", ...(options.args ?? [])], {
    stdio: ["ignore", "pipe", "pipe"],
    env: options.exitWithParent === false ? process.env : { ...process.env, FAKE_DEVICE_EXIT_WITH_PARENT: "1" },
  });
  let stderr = "";
  const stderrWaiters = new Set<() => void>();
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr += chunk;
    for (const wake of stderrWaiters) wake();
  });
  const exited = new Promise<DeviceExit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const kill = async (signal: NodeJS.Signals = "SIGKILL"): Promise<DeviceExit> => {
    if (isRunning()) child.kill(signal);
    return exited;
  };
  let closing: Promise<DeviceExit> | undefined;
  const close = (): Promise<DeviceExit> => {
    closing ??= (async () => {
      if (!isRunning()) return exited;
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 3_000);
      try {
        return await exited;
      } finally {
        clearTimeout(forced);
      }
    })();
    return closing;
  };
  const waitForStderr = (text: string | RegExp, waitMs = 5_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = typeof text === "string" ? stderr.includes(text) : text.test(stderr);
        if (!found) return false;
        clearTimeout(timer);
        stderrWaiters.delete(wake);
        resolve(stderr);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        stderrWaiters.delete(wake);
        reject(new ZxError(ZxStatus.TIMED_OUT, `stderr did not show ${String(text)} within ${waitMs} ms; stderr:\n${stderr}`));
      }, waitMs);
      if (!check()) stderrWaiters.add(wake);
    });
  try {
    const url = await firstLine(child, options.timeoutMs ?? 15_000, () => stderr);
    return {
      url,
      port: Number(new URL(url).port),
      child,
      stderr: () => stderr,
      waitForStderr,
      kill,
      close,
      exited,
      [Symbol.asyncDispose]: async () => {
        await close();
      },
    };
  } catch (error) {
    await kill();
    throw error;
  }
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
