// Shared helpers of the hardening tests: the config with the hardening components, memory of
// both processes, log snapshots, and a raw WebSocket that speaks (and forges) link frames.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { DeviceConnection, fakedevice } from "@fidl-ws/runtime";
import { WebSocket } from "ws";
import { ProbeClient, ProbeProtocol } from "./generated/fuchsia.fakedevice.hardening.ts";
import { within } from "../helpers.ts";

/** Device config with the Crasher, the CallbackRunner and the hardening components. */
export const HARDENING_CONFIG = fileURLToPath(new URL("./device-config.json", import.meta.url));

/** Monikers of the hardening components. */
export const PROBE = "/core/hardening_probe";
export const FLOOD = "/core/hardening_flood";
export const SINK = "/core/hardening_sink";
export const RAW_ECHO = "/core/hardening_raw_echo";
export const CRASHER = "/core/crasher";

/** One mebibyte. */
export const MiB = 1024 * 1024;

/** A Probe client on `connection`. */
export function probeOf(connection: DeviceConnection): ProbeClient {
  return new ProbeClient(connection.connectDeviceProxy(PROBE, ProbeProtocol));
}

/** Live bytes of the device process after a full GC: JS heap plus off-heap buffers. */
export async function deviceLiveBytes(probe: ProbeClient): Promise<{ rss: number; live: number }> {
  const memory = await within(probe.memory(), 5_000, "Probe.Memory");
  return { rss: Number(memory.rss), live: Number(memory.heap_used + memory.array_buffers) };
}

/** Resident set size of a process in bytes, from /proc (Linux) — what `ps -o rss` shows. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (match === null) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

// Test workers do not run with --expose-gc; turning the flag on and taking `gc` from a fresh
// context gives a full collection, so host numbers are live bytes rather than GC timing.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * Live bytes of this (the host) process: JS heap plus off-heap buffers, after full GCs. V8 frees
 * dead ArrayBuffers' memory on a background sweeper, so one GC right after a burst still counts
 * some of them; a second GC after a turn of the event loop gives a stable number.
 */
export async function hostLiveBytes(): Promise<number> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Every stored log record matching `options` (snapshot mode), bounded. */
export async function logSnapshot(
  connection: DeviceConnection,
  options: { moniker?: string; minSeverity?: "ERROR" | "INFO" | "WARN" } = {},
): Promise<fakedevice.LogRecord[]> {
  const records: fakedevice.LogRecord[] = [];
  const read = (async () => {
    for await (const record of connection.logs({ ...options, mode: "snapshot", onDropped: () => {} })) records.push(record);
  })();
  await within(read, 10_000, "log snapshot");
  return records;
}

// Link frame layout (packages/fidl-runtime/src/link/frame.ts, little-endian): [0] kind,
// [1] handle count, [2..3] zero, [4..7] channel id, then handle ids (u32 each) and the bytes.
// Written out here because the runtime does not export its frame codec, and a forger should not
// need it.

/** Kind byte of a message frame. */
export const FRAME_MESSAGE = 0x01;
/** Kind byte of a close frame. */
export const FRAME_CLOSE = 0x02;
/** Kind byte of a credit frame. */
export const FRAME_CREDIT = 0x03;

/** A message frame for `channelId` carrying `handleIds` (any count: a forger may lie). */
export function messageFrame(channelId: number, bytes: Uint8Array, handleIds: readonly number[] = []): Buffer {
  const frame = Buffer.alloc(8 + 4 * handleIds.length + bytes.byteLength);
  frame[0] = FRAME_MESSAGE;
  frame[1] = handleIds.length;
  frame.writeUInt32LE(channelId, 4);
  for (const [i, id] of handleIds.entries()) frame.writeUInt32LE(id, 8 + 4 * i);
  frame.set(bytes, 8 + 4 * handleIds.length);
  return frame;
}

/** A close frame for `channelId`. */
export function closeFrame(channelId: number): Buffer {
  const frame = Buffer.alloc(8);
  frame[0] = FRAME_CLOSE;
  frame.writeUInt32LE(channelId, 4);
  return frame;
}

/** A frame the raw socket received, decoded just enough for the tests. */
export interface RawFrame {
  kind: number;
  channelId: number;
  handleIds: number[];
  bytes: Buffer;
}

/** A WebSocket to the device with no Link on it: the test writes frames by hand. */
export interface RawSocket {
  readonly ws: WebSocket;
  /** Frames received so far. */
  readonly frames: RawFrame[];
  /** Resolves with the close code once the socket closes. */
  readonly closed: Promise<number>;
  /** Resolves with the first received frame matching `match` (bounded). */
  frame(match: (frame: RawFrame) => boolean, what: string, ms?: number): Promise<RawFrame>;
  /** Sends a binary frame. */
  send(frame: Uint8Array): void;
  /** Sends a message frame for `channelId` carrying `handleIds`. */
  sendMessage(channelId: number, bytes: Uint8Array, handleIds?: number[]): void;
}

/** Opens a raw WebSocket to `url` (client role: it announces odd ids). */
export async function openRawSocket(url: string): Promise<RawSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 });
  const frames: RawFrame[] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<number>((resolve) => ws.once("close", (code: number) => resolve(code)));
  ws.on("error", () => {});
  ws.on("message", (data: Buffer) => {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const count = data[0] === FRAME_MESSAGE ? data[1]! : 0;
    const handleIds = Array.from({ length: count }, (_, i) => view.getUint32(8 + 4 * i, true));
    frames.push({ kind: data[0]!, channelId: view.getUint32(4, true), handleIds, bytes: data.subarray(8 + 4 * count) });
    for (const wake of waiters) wake();
  });
  await within(
    new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    }),
    3_000,
    "raw socket open",
  );
  return {
    ws,
    frames,
    closed,
    frame(match, what, ms = 3_000) {
      const found = frames.find(match);
      if (found !== undefined) return Promise.resolve(found);
      let wake!: () => void;
      const seen = new Promise<RawFrame>((resolve) => {
        wake = () => {
          const frame = frames.find(match);
          if (frame !== undefined) resolve(frame);
        };
        waiters.add(wake);
      });
      return within(seen, ms, what).finally(() => waiters.delete(wake));
    },
    send(frame) {
      ws.send(frame);
    },
    sendMessage(channelId, bytes, handleIds = []) {
      ws.send(messageFrame(channelId, bytes, handleIds));
    },
  };
}

/** True for a close frame naming `channelId`. */
export function isCloseOf(channelId: number): (frame: RawFrame) => boolean {
  return (frame) => frame.kind === FRAME_CLOSE && frame.channelId === channelId;
}
