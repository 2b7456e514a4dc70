// Test helper: runs the REAL fake-device process (port 0), reads its address from the first
// stdout line, collects stderr, and always kills it (afterEach/afterAll via trackDevices()).
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach } from "vitest";

const BIN = fileURLToPath(new URL("../bin/fake-device.mjs", import.meta.url));

/** A running device process. */
export interface DeviceProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves when stderr contains `text` (or rejects after `timeoutMs`). */
  waitForStderr(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` (default SIGKILL) and waits for exit; returns the exit code/signal. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<DeviceProcess>();

/** Kills every device started by this file after each test (call at top level of a test file). */
export function trackDevices(scope: "each" | "all" = "each"): void {
  const killAll = async () => {
    await Promise.all([...running].map((device) => device.kill()));
  };
  if (scope === "each") afterEach(killAll);
  else afterAll(killAll);
}

/** Starts `fake-device --port 0 ...args`; rejects (and kills it) if no address appears in time. */
export async function startDeviceProcess(args: readonly string[] = [], timeoutMs = 10_000): Promise<DeviceProcess> {
  const child = spawn(process.execPath, [BIN, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FAKE_DEVICE_EXIT_WITH_PARENT: "1" },
  });
  let stderr = "";
  const stderrWaiters = new Set<() => void>();
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr += chunk;
    for (const wake of stderrWaiters) wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const device: DeviceProcess = {
    url: "",
    port: 0,
    child,
    stderr: () => stderr,
    exited,
    waitForStderr(text, waitMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = typeof text === "string" ? stderr.includes(text) : text.test(stderr);
          if (!found) return false;
          clearTimeout(timer);
          stderrWaiters.delete(wake);
          resolve(stderr);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          stderrWaiters.delete(wake);
          reject(new Error(`stderr did not show ${String(text)} within ${waitMs} ms; stderr:\n${stderr}`));
        }, waitMs);
        if (!check()) stderrWaiters.add(wake);
      });
    },
    async kill(signal = "SIGKILL") {
      running.delete(device);
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  running.add(device);
  try {
    const url = await firstLine(child, timeoutMs, () => stderr);
    const port = Number(new URL(url).port);
    Object.assign(device, { url, port });
    return device;
  } catch (error) {
    await device.kill();
    throw error;
  }
}

function firstLine(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const stdout = child.stdout!;
    stdout.setEncoding("utf8");
    const cleanup = () => {
      clearTimeout(timer);
      stdout.off("data", onData);
      child.off("exit", onExit);
    };
    const onData = (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      cleanup();
      // Keep draining stdout so the child never blocks on a full pipe.
      stdout.resume();
      resolve(buffered.slice(0, newline).trim());
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`fake-device exited (code ${code}) before printing its address; stderr:\n${stderr()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`fake-device printed no address within ${timeoutMs} ms; stderr:\n${stderr()}`));
    }, timeoutMs);
    stdout.on("data", onData);
    child.once("exit", onExit);
  });
}
