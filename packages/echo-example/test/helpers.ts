// Test helpers: a real device process per test file, and bounded awaits so a hang fails fast.
import { afterAll, beforeAll } from "vitest";
import { type DeviceHandle, startDevice } from "../src/device.ts";
import { type Output, createOutput } from "../src/output.ts";
import { withTimeout } from "@fidl-ws/runtime";

/** Starts the real fake-device process (port 0, this package's config) for the file's tests. */
export function useDeviceProcess(): { readonly url: string } {
  let handle: DeviceHandle | undefined;
  beforeAll(async () => {
    handle = await startDevice({ timeoutMs: 15_000 });
  });
  afterAll(async () => {
    await handle?.close();
  });
  return {
    get url(): string {
      if (handle === undefined) throw new Error("the device process is not running");
      return handle.url;
    },
  };
}

/** Rejects if `promise` has not settled within `ms`, naming what hung. */
export function within<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return withTimeout(promise, ms, what);
}

/** An Output that prints nothing, for asserting on its lines. */
export function quietOutput(): Output {
  return createOutput(null);
}
