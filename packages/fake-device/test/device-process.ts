// Test helper: runs the REAL fake-device process through the package's spawnFakeDevice, and
// always kills it (afterEach/afterAll via trackDevices()).
import { afterAll, afterEach } from "vitest";
import { type DeviceProcess, spawnFakeDevice } from "../src/process.ts";

export type { DeviceProcess } from "../src/process.ts";

const running = new Set<DeviceProcess>();

/** Kills every device started by this file after each test (call at top level of a test file). */
export function trackDevices(scope: "each" | "all" = "each"): void {
  const killAll = async () => {
    await Promise.all([...running].map((device) => device.kill()));
    running.clear();
  };
  if (scope === "each") afterEach(killAll);
  else afterAll(killAll);
}

/** Starts `fake-device --port 0 ...args`; rejects (and kills it) if no address appears in time. */
export async function startDeviceProcess(args: readonly string[] = [], timeoutMs = 10_000): Promise<DeviceProcess> {
  const device = await spawnFakeDevice({ args, timeoutMs });
  running.add(device);
  return device;
}
