// Limits and forged frames against the REAL device process: 65,536-byte and 64-handle messages
// pass host → device → host and one more fails on both sides; a frame over maxPayload ends only
// its socket (1009); forged channel and handle ids are refused, and one connection cannot use
// another's channel ids.
import {
  Channel,
  type DeviceConnection,
  LINK_MAX_PAYLOAD,
  ZxError,
  ZxStatus,
  connect,
  encodeMessage,
  remotecontrol,
} from "@fidl-ws/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrasherClient, CrasherProtocol } from "../../generated/fuchsia.fakedevice.test.ts";
import { type DeviceProcess, startDeviceProcess, trackDevices } from "../device-process.ts";
import { RAW_ECHO_PROTOCOL, SINK_PROTOCOL } from "../fixtures/hardening-components.ts";
import { within } from "../helpers.ts";
import {
  CRASHER,
  FRAME_CREDIT,
  FRAME_MESSAGE,
  HARDENING_CONFIG,
  RAW_ECHO,
  type RawSocket,
  SINK,
  closeFrame,
  isCloseOf,
  logSnapshot,
  openRawSocket,
} from "./support.ts";

trackDevices("all");

let device: DeviceProcess;
let connection: DeviceConnection;

beforeAll(async () => {
  device = await startDeviceProcess(["--config", HARDENING_CONFIG, "--quiet"]);
  connection = await within(connect(device.url), 5_000, "connect");
});

afterAll(async () => {
  await connection?.close();
});

const CONNECT_CAPABILITY = remotecontrol.RemoteControlProtocol.methods.find((m) => m.name === "ConnectCapability")!;

/** Asks the device, by hand, to connect `channelId` (announced in this frame) to a capability. */
async function rawConnect(raw: RawSocket, txid: number, channelId: number, moniker: string, capability: string): Promise<void> {
  const [placeholder, other] = Channel.create();
  const { bytes } = encodeMessage(txid, CONNECT_CAPABILITY.ordinal, true, {
    moniker,
    capability_set: remotecontrol.OpenDirType.EXPOSED_DIR,
    capability_name: capability,
    server_channel: placeholder,
  });
  placeholder.close();
  other.close();
  raw.sendMessage(0, bytes, [channelId]);
  // The reply (txid in bytes 0..3 of the FIDL header) says the device took the channel.
  await raw.frame(
    (f) => f.kind === FRAME_MESSAGE && f.channelId === 0 && f.bytes.readUInt32LE(0) === txid,
    `ConnectCapability reply ${txid}`,
  );
}

/** The WARN records the device wrote for refused link frames since `fromId`. */
async function linkWarnings(fromId: bigint): Promise<string[]> {
  const records = await logSnapshot(connection, { moniker: "/", minSeverity: "WARN" });
  return records.filter((r) => r.id > fromId && r.message.includes(": [ZX_ERR_")).map((r) => r.message.replace(/^connection \d+: /, ""));
}

/** Id of the newest log record (a watermark for linkWarnings). */
async function lastLogId(): Promise<bigint> {
  return (await logSnapshot(connection)).at(-1)?.id ?? 0n;
}

describe("message limits, host → device → host", () => {
  it("carries a 65,536-byte message with 64 handles there and back, the handles still connected", async () => {
    const echo = connection.connectDeviceProxy(RAW_ECHO, RAW_ECHO_PROTOCOL);
    const bytes = new Uint8Array(65_536).map((_, i) => i % 251);
    const pairs = Array.from({ length: 64 }, () => Channel.create());
    echo.write(bytes, pairs.map(([, far]) => far));
    const back = await within(echo.read(), 5_000, "the echoed message");
    expect(back.bytes.byteLength).toBe(65_536);
    expect(Buffer.from(back.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(back.handles.length).toBe(64);
    // Each handle came back through two link hops and still reaches its near end.
    for (const [i, [near]] of pairs.entries()) near.write(new TextEncoder().encode(`ping ${i}`));
    const pings = await within(Promise.all(back.handles.map((handle) => handle.read())), 5_000, "pings through returned handles");
    expect(pings.map((m) => new TextDecoder().decode(m.bytes))).toEqual(pairs.map((_, i) => `ping ${i}`));
    for (const handle of back.handles) handle.close();
    for (const [near] of pairs) near.close();
    echo.close();
  });

  it("refuses 65,537 bytes and 65 handles on the host with OUT_OF_RANGE, moving nothing", async () => {
    const echo = connection.connectDeviceProxy(RAW_ECHO, RAW_ECHO_PROTOCOL);
    let error: unknown;
    try {
      echo.write(new Uint8Array(65_537));
    } catch (caught) {
      error = caught;
    }
    expect(ZxError.is(error, ZxStatus.OUT_OF_RANGE)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_OUT_OF_RANGE] message of 65537 bytes exceeds 65536");
    const pairs = Array.from({ length: 65 }, () => Channel.create());
    error = undefined;
    try {
      echo.write(new Uint8Array(8), pairs.map(([, far]) => far));
    } catch (caught) {
      error = caught;
    }
    expect((error as ZxError).message).toBe("[ZX_ERR_OUT_OF_RANGE] message with 65 handles exceeds 64");
    expect(pairs.every(([, far]) => far.isValid)).toBe(true);
    // The channel is untouched and still works.
    echo.write(new Uint8Array([1, 2, 3]));
    expect([...(await within(echo.read(), 2_000, "echo")).bytes]).toEqual([1, 2, 3]);
    for (const pair of pairs) for (const end of pair) end.close();
    echo.close();
  });

  it("closes only the channel of a forged 65,537-byte or 65-handle message, and logs why", async () => {
    const from = await lastLogId();
    const raw = await openRawSocket(device.url);
    await rawConnect(raw, 1, 1, RAW_ECHO, RAW_ECHO_PROTOCOL);
    await rawConnect(raw, 2, 3, RAW_ECHO, RAW_ECHO_PROTOCOL);
    await rawConnect(raw, 3, 5, RAW_ECHO, RAW_ECHO_PROTOCOL);
    raw.sendMessage(1, new Uint8Array(65_537));
    await raw.frame(isCloseOf(1), "close of channel 1");
    raw.sendMessage(3, new Uint8Array(8), Array.from({ length: 65 }, (_, i) => 7 + 2 * i));
    await raw.frame(isCloseOf(3), "close of channel 3");
    // The link and channel 5 are fine: a message at the limit echoes back.
    raw.sendMessage(5, new Uint8Array(65_536).fill(7));
    const echoed = await raw.frame((f) => f.kind === FRAME_MESSAGE && f.channelId === 5, "echo on channel 5");
    expect(echoed.bytes.byteLength).toBe(65_536);
    expect(await linkWarnings(from)).toEqual([
      "[ZX_ERR_OUT_OF_RANGE] link: message of 65537 bytes on channel 1 exceeds 65536",
      "[ZX_ERR_OUT_OF_RANGE] link: message with 65 handles on channel 3 exceeds 64",
    ]);
    raw.ws.close();
  });

  it("ends only the offending socket with 1009 for a frame over maxPayload, and keeps serving", async () => {
    const raw = await openRawSocket(device.url);
    raw.send(Buffer.alloc(LINK_MAX_PAYLOAD + 1));
    expect(await within(raw.closed, 3_000, "the oversize socket closing")).toBe(1009);
    const crasher = new CrasherClient(connection.connectDeviceProxy(CRASHER, CrasherProtocol));
    expect(await within(crasher.echo({ value: "still serving" }), 2_000, "Echo")).toEqual({ value: "still serving" });
    crasher.$close();
    const fresh = await within(connect(device.url), 3_000, "a new connection");
    expect((await within(fresh.identify(), 2_000, "identify")).boot_id).toBe(1n);
    await fresh.close();
  });
});

describe("forged ids on the link", () => {
  it("refuses unknown channels, foreign and reused handle ids, bad credit and overruns, and logs each", async () => {
    const from = await lastLogId();
    const raw = await openRawSocket(device.url);
    await rawConnect(raw, 1, 1, RAW_ECHO, RAW_ECHO_PROTOCOL);
    // A message and a close naming a channel id never announced: dropped, the link stays.
    raw.sendMessage(999, new Uint8Array(16));
    raw.send(closeFrame(1001));
    // A handle id from the device's half of the id space (even): channel 1 is closed.
    raw.sendMessage(1, new Uint8Array(16), [2]);
    await raw.frame(isCloseOf(1), "close of channel 1");
    // A handle id announced before (ids must increase): channel 3 is closed.
    await rawConnect(raw, 2, 3, RAW_ECHO, RAW_ECHO_PROTOCOL);
    raw.sendMessage(3, new Uint8Array(16), [3]);
    await raw.frame(isCloseOf(3), "close of channel 3");
    // Credit the device never needed (beyond its window): channel 5 is closed.
    await rawConnect(raw, 3, 5, RAW_ECHO, RAW_ECHO_PROTOCOL);
    const credit = Buffer.alloc(12);
    credit[0] = FRAME_CREDIT;
    credit.writeUInt32LE(5, 4);
    credit.writeUInt32LE(1_000, 8);
    raw.send(credit);
    await raw.frame(isCloseOf(5), "close of channel 5");
    // 65 messages to a server that does not read, ignoring the 64-message window: closed.
    await rawConnect(raw, 4, 7, SINK, SINK_PROTOCOL);
    for (let i = 0; i < 65; i++) raw.sendMessage(7, new Uint8Array(16));
    await raw.frame(isCloseOf(7), "close of channel 7");
    // Through all of it the link itself kept working.
    await rawConnect(raw, 5, 9, RAW_ECHO, RAW_ECHO_PROTOCOL);
    raw.sendMessage(9, new Uint8Array([42]));
    const echoed = await raw.frame((f) => f.kind === FRAME_MESSAGE && f.channelId === 9, "echo on channel 9");
    expect([...echoed.bytes]).toEqual([42]);
    expect(await linkWarnings(from)).toEqual([
      "[ZX_ERR_NOT_FOUND] link: message frame names channel 999, never announced",
      "[ZX_ERR_NOT_FOUND] link: close frame names channel 1001, never announced",
      "[ZX_ERR_BAD_HANDLE] link: message on channel 1 carries handle id 2, outside the sender's id space",
      "[ZX_ERR_ALREADY_EXISTS] link: message on channel 3 carries handle id 3, already used (ids must increase; last was 3)",
      "[ZX_ERR_INVALID_ARGS] link: peer granted 1000 credits on channel 5, holding 64 of a 64-message window",
      "[ZX_ERR_IO_OVERRUN] link: peer forwarded more than 64 unacknowledged messages on channel 7",
    ]);
    raw.ws.close();
  });

  it("does not let a second connection use the first connection's channel ids", async () => {
    const owner = await within(connect(device.url), 3_000, "connect");
    const crasher = new CrasherClient(owner.connectDeviceProxy(CRASHER, CrasherProtocol));
    expect(await within(crasher.echo({ value: "mine" }), 2_000, "Echo")).toEqual({ value: "mine" });
    const from = await lastLogId();
    // The owner's first channel has id 1 on its link. Another socket names id 1 (and 3, 5) with a
    // well-formed Crasher.Echo request, then tries to close them.
    const intruder = await openRawSocket(device.url);
    const echo = CrasherProtocol.methods.find((m) => m.name === "Echo")!;
    for (const id of [1, 3, 5]) {
      intruder.sendMessage(id, encodeMessage(1, echo.ordinal, false, { value: "stolen" }).bytes);
      intruder.send(closeFrame(id));
    }
    // The owner's channel is untouched and the intruder got nothing back on those ids.
    expect(await within(crasher.echo({ value: "still mine" }), 2_000, "Echo")).toEqual({ value: "still mine" });
    expect(intruder.ws.readyState).toBe(intruder.ws.OPEN);
    expect(intruder.frames.filter((f) => f.channelId !== 0)).toEqual([]);
    const warnings = await linkWarnings(from);
    expect(warnings).toEqual(
      [1, 3, 5].flatMap((id) => [
        `[ZX_ERR_NOT_FOUND] link: message frame names channel ${id}, never announced`,
        `[ZX_ERR_NOT_FOUND] link: close frame names channel ${id}, never announced`,
      ]),
    );
    intruder.ws.close();
    crasher.$close();
    await owner.close();
  });
});
