// Tests for the load shapes: sequential, N in flight, per connection, and the time budget.
import { describe, expect, it } from "vitest";
import { type EchoCaller, type EchoConnection, payloadItself } from "../src/contender.ts";
import { runInFlight, runPerConnection, runSequential } from "../src/load.ts";

/** A caller around `call`, whose responses are the payload itself. */
const caller = (call: (payload: Uint8Array) => Promise<unknown>): EchoCaller => ({ call, echoed: payloadItself });
const echo = caller((payload) => Promise.resolve(payload));

describe("runSequential", () => {
  it("makes every call one at a time and records each latency", async () => {
    let active = 0;
    let peak = 0;
    const call = async (payload: Uint8Array): Promise<Uint8Array> => {
      peak = Math.max(peak, ++active);
      await new Promise((resolve) => setImmediate(resolve));
      active--;
      return payload;
    };
    const latencies = new Float64Array(50);
    const result = await runSequential(caller(call), new Uint8Array(16), 50, latencies);
    expect(result.calls).toBe(50);
    expect(peak).toBe(1);
    expect(latencies.every((ms) => ms >= 0)).toBe(true);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("starts no call after the deadline", async () => {
    const result = await runSequential(echo, new Uint8Array(16), 1_000, undefined, performance.now() - 1);
    expect(result.calls).toBe(0);
  });

  it("rejects an echo of the wrong length", async () => {
    await expect(runSequential(caller(() => Promise.resolve(new Uint8Array(3))), new Uint8Array(16), 5)).rejects.toThrow(
      "echo returned 3 bytes for a 16-byte payload",
    );
  });

  it("checks the payload `echoed` reads out of each response", async () => {
    const wrapped: EchoCaller = {
      call: (payload) => Promise.resolve({ value: payload }),
      echoed: (response) => (response as { value: Uint8Array }).value,
    };
    expect((await runSequential(wrapped, new Uint8Array(16), 5)).calls).toBe(5);
    const misread: EchoCaller = { ...wrapped, echoed: () => new Uint8Array(2) };
    await expect(runSequential(misread, new Uint8Array(16), 5)).rejects.toThrow("echo returned 2 bytes for a 16-byte payload");
  });
});

describe("runInFlight", () => {
  it("keeps exactly the asked number of calls outstanding and makes them all", async () => {
    let active = 0;
    let peak = 0;
    const call = async (payload: Uint8Array): Promise<Uint8Array> => {
      peak = Math.max(peak, ++active);
      await new Promise((resolve) => setImmediate(resolve));
      active--;
      return payload;
    };
    const result = await runInFlight(caller(call), new Uint8Array(16), 1_000, 16);
    expect(result.calls).toBe(1_000);
    expect(peak).toBe(16);
  });

  it("never starts more workers than calls", async () => {
    const result = await runInFlight(echo, new Uint8Array(4), 3, 256);
    expect(result.calls).toBe(3);
  });
});

describe("runPerConnection", () => {
  it("runs the calls on every connection and sums them", async () => {
    const counts = [0, 0, 0];
    const connections: EchoConnection[] = counts.map((_, i) => ({
      call: (payload) => {
        counts[i]!++;
        return Promise.resolve(payload);
      },
      echoed: payloadItself,
      close: () => Promise.resolve(),
    }));
    const result = await runPerConnection(connections, new Uint8Array(16), 7);
    expect(result.calls).toBe(21);
    expect(counts).toEqual([7, 7, 7]);
  });
});
