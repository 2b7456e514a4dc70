// Flow control against the REAL device process: a host that never reads while the device floods
// events, a host client whose event queue is bounded by maxQueuedEvents, and a host that floods a
// device server that does not read. Memory is measured in both processes after a full GC.
//
// The bounds asserted (generous: 4× what the design allows, far below what unbounded buffering
// would take):
// - device → host, host not reading: the host holds at most CHANNEL_CREDIT_WINDOW (64) unread
//   messages; the device's flooder holds its own `max_queued`; nothing else is buffered.
// - device → host, host Client without a handler: the client keeps `maxQueuedEvents` events and
//   drops (and reports) the rest, so its memory is bounded by that setting.
// - host → device, device not reading: the device holds at most 64 messages of the channel; the
//   rest wait in the host's own channel queue (the sender's process).
import {
  CHANNEL_CREDIT_WINDOW,
  type Channel,
  type DeviceConnection,
  type FidlError,
  ZxStatus,
  connect,
  decodeHeader,
  decodeMessageBody,
  encodeMessage,
} from "@fidl-ws/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SINK_PROTOCOL } from "../fixtures/hardening-components.ts";
import { type DeviceProcess, startDeviceProcess, trackDevices } from "../device-process.ts";
import { within } from "../helpers.ts";
import {
  FloodClient,
  FloodEventHandler,
  type FloodOnBlobRequest,
  FloodProtocol,
  type ProbeClient,
} from "./generated/fuchsia.fakedevice.hardening.ts";
import { FLOOD, HARDENING_CONFIG, MiB, SINK, deviceLiveBytes, hostLiveBytes, probeOf } from "./support.ts";

trackDevices("all");

let device: DeviceProcess;
let connection: DeviceConnection;
let probe: ProbeClient;

beforeAll(async () => {
  device = await startDeviceProcess(["--config", HARDENING_CONFIG, "--quiet"]);
  connection = await within(connect(device.url), 5_000, "connect");
  probe = probeOf(connection);
});

afterAll(async () => {
  probe?.$close();
  await connection?.close();
});

const START = FloodProtocol.methods.find((method) => method.name === "Start")!;

/** Polls `read` until it returns the same value twice 100 ms apart (or `ms` passes); returns it. */
async function settled<T>(read: () => Promise<T>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  let last = JSON.stringify(await read(), (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const value = await read();
    const now = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    if (now === last) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not settle within ${ms} ms (last ${now})`);
    last = now;
  }
}

/** Reads `count` OnBlob events from a raw channel, checking their order. */
async function readBlobs(channel: Channel, count: number, size: number): Promise<void> {
  for (let seq = 0; seq < count; seq++) {
    const message = await within(channel.read(), 2_000, `event ${seq}`);
    const { body } = decodeHeader(message.bytes);
    const event = decodeMessageBody(body, message.handles) as FloodOnBlobRequest;
    expect(event.seq).toBe(seq);
    expect(event.data.byteLength).toBe(size);
  }
}

describe("a host that never reads while the device floods events", () => {
  it("holds the device back at the credit window, with both sides' memory bounded, and loses nothing", async () => {
    const count = 1_000;
    const size = 32_000; // 32 MB in all if anything buffered the whole flood
    const maxQueued = 16;
    const deviceBefore = await deviceLiveBytes(probe);
    const hostBefore = await hostLiveBytes();
    const channel = connection.connectDeviceProxy(FLOOD, FloodProtocol);
    channel.write(encodeMessage(0, START.ordinal, false, { count, size, max_queued: maxQueued }).bytes);
    const stats = await settled(() => probe.floodStats(), 5_000, "the flood");
    // The link took one credit window; the flooder then filled its own queue and waited.
    expect(stats).toEqual({ sent: BigInt(CHANNEL_CREDIT_WINDOW + maxQueued), waiting: maxQueued });
    expect(channel.pendingMessages).toBe(CHANNEL_CREDIT_WINDOW);
    const deviceHeld = await deviceLiveBytes(probe);
    const hostHeld = await hostLiveBytes();
    // Allowed: (64 + 16) × 32 KB ≈ 2.5 MB on the device, 64 × 32 KB ≈ 2 MB on the host.
    expect(deviceHeld.live - deviceBefore.live).toBeLessThan(10 * MiB);
    expect(hostHeld - hostBefore).toBeLessThan(8 * MiB);
    // Reading resumes the flood: every event arrives, in order.
    await within(readBlobs(channel, count, size), 20_000, "reading the whole flood");
    expect(await within(probe.floodStats(), 2_000, "FloodStats")).toEqual({ sent: BigInt(count), waiting: 0 });
    channel.close();
  });
});

describe("a host client with no event handler while the device floods events", () => {
  it("keeps maxQueuedEvents events, drops and reports the rest, and stays usable", async () => {
    const count = 1_000;
    const size = 16_000;
    const maxQueuedEvents = 100;
    const hostBefore = await hostLiveBytes();
    const dropped: FidlError[] = [];
    const client = new FloodClient(connection.connectDeviceProxy(FLOOD, FloodProtocol), {
      maxQueuedEvents,
      onError: (error) => dropped.push(error),
    });
    const sentBefore = (await probe.floodStats()).sent;
    client.start({ count, size, max_queued: 16 });
    const stats = await settled(() => probe.floodStats(), 10_000, "the flood");
    expect(stats).toEqual({ sent: sentBefore + BigInt(count), waiting: 0 });
    expect(dropped.length).toBe(count - maxQueuedEvents);
    expect(dropped[0]?.code).toBe("EVENT_QUEUE_FULL");
    expect(dropped[0]?.status).toBe(ZxStatus.NO_RESOURCES);
    // Allowed: 100 × 16 KB ≈ 1.6 MB of queued events (16 MB went through).
    const hostAfter = await hostLiveBytes();
    expect(hostAfter - hostBefore).toBeLessThan(8 * MiB);
    const seqs: number[] = [];
    class Handler extends FloodEventHandler {
      onBlob(event: FloodOnBlobRequest): void {
        seqs.push(event.seq);
        if (seqs.length === maxQueuedEvents) this.$stop();
      }
    }
    await within(new Handler(client).serve(), 2_000, "event handler");
    expect(seqs).toEqual(Array.from({ length: maxQueuedEvents }, (_, i) => i));
    client.$close();
  });
});

describe("a host that floods a device server that does not read", () => {
  it("is held back: the device holds one credit window, the rest waits in the host, nothing is lost", async () => {
    const count = 1_000;
    const size = 32_000;
    const deviceBefore = await deviceLiveBytes(probe);
    const channel = connection.connectDeviceProxy(SINK, SINK_PROTOCOL);
    const payload = new Uint8Array(size).fill(0x3c);
    for (let i = 0; i < count; i++) channel.write(payload);
    const stats = await settled(() => probe.sinkStats(), 5_000, "the sink");
    expect(stats).toEqual({ queued: CHANNEL_CREDIT_WINDOW, read: 0n });
    // Everything else waits in this process, in the link's end of the channel.
    expect(channel.peerPendingMessages).toBe(count - CHANNEL_CREDIT_WINDOW);
    const deviceHeld = await deviceLiveBytes(probe);
    // Allowed: 64 × 32 KB ≈ 2 MB (32 MB were sent).
    expect(deviceHeld.live - deviceBefore.live).toBeLessThan(8 * MiB);
    await within(probe.drainSinks(), 2_000, "DrainSinks");
    const drained = await settled(() => probe.sinkStats(), 20_000, "the drain");
    expect(drained).toEqual({ queued: 0, read: BigInt(count) });
    expect(channel.peerPendingMessages).toBe(0);
    channel.close();
  });
});
