// Client frames of a link to loopback carry the all-zero masking key (written whole, without a
// copy), frames elsewhere or with `randomMask` random keys; the trace proxy's masker gives large
// frames the zero key. Checked on the raw bytes the server's socket receives.
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { connectLink } from "../../src/link/connect.ts";
import { isLoopbackHost, LoopbackMasker, loopbackMaskerFor, ZERO_MASK_MIN_BYTES } from "../../src/link/frame-mask.ts";
import { Link } from "../../src/link/link.ts";
import { LINK_SERVER_OPTIONS } from "../../src/link/server-options.ts";
import { closeServer, text, utf8, within } from "./helpers.ts";

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const wss of servers.splice(0)) await closeServer(wss);
});

/** A client frame as the server's socket received it. */
interface RawFrame {
  payloadBytes: number;
  key: number[];
}

/** An echoing link server that records every client frame its socket receives. */
async function frameRecordingServer(): Promise<{ url: string; frames: RawFrame[] }> {
  const frames: RawFrame[] = [];
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, ...LINK_SERVER_OPTIONS });
  servers.push(wss);
  wss.on("connection", (socket) => {
    // ws keeps the TCP socket as `_socket`; the raw bytes are only visible there.
    const raw = (socket as unknown as { _socket: Socket })._socket;
    let pending = Buffer.alloc(0);
    raw.prependListener("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let frame = parseFrame(pending); frame !== undefined; frame = parseFrame(pending)) {
        frames.push(frame.frame);
        pending = pending.subarray(frame.bytes);
      }
    });
    const link = new Link(socket);
    link.bootstrap.listen({ message: (m) => link.bootstrap.write(m.bytes), closed: () => link.bootstrap.close() });
  });
  await within(new Promise((resolve) => wss.once("listening", resolve)), "listening");
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, frames };
}

/** The first whole client frame in `data` and its size in bytes, or undefined if incomplete. */
function parseFrame(data: Buffer): { frame: RawFrame; bytes: number } | undefined {
  if (data.length < 2) return undefined;
  const second = data[1]!;
  expect(second & 0x80, "client frames are masked").toBe(0x80);
  let payloadBytes = second & 0x7f;
  let keyAt = 2;
  if (payloadBytes === 126) {
    if (data.length < 4) return undefined;
    payloadBytes = data.readUInt16BE(2);
    keyAt = 4;
  } else if (payloadBytes === 127) {
    if (data.length < 10) return undefined;
    payloadBytes = Number(data.readBigUInt64BE(2));
    keyAt = 10;
  }
  const bytes = keyAt + 4 + payloadBytes;
  if (data.length < bytes) return undefined;
  return { frame: { payloadBytes, key: [...data.subarray(keyAt, keyAt + 4)] }, bytes };
}

async function echoOnce(link: Link, message: string): Promise<string> {
  link.bootstrap.write(utf8(message));
  return text((await within(link.bootstrap.read(), "the echo")).bytes);
}

const ZERO_KEY = [0, 0, 0, 0];
const large = "x".repeat(60_000);

describe("client frame masking", () => {
  it("gives every frame to a loopback address the all-zero key, small and large", async () => {
    const { url, frames } = await frameRecordingServer();
    const link = await within(connectLink(url), "connectLink");
    expect(await echoOnce(link, "small")).toBe("small");
    expect(await echoOnce(link, large)).toBe(large);
    expect(await echoOnce(link, "y".repeat(200))).toBe("y".repeat(200));
    expect(frames.map((f) => f.payloadBytes)).toEqual([8 + 5, 8 + large.length, 8 + 200]);
    for (const frame of frames) expect(frame.key).toEqual(ZERO_KEY);
    await within(link.close(), "close");
  });

  it("uses random keys for every frame on loopback too when asked (randomMask)", async () => {
    const { url, frames } = await frameRecordingServer();
    const link = await within(connectLink(url, { randomMask: true }), "connectLink");
    expect(await echoOnce(link, large)).toBe(large);
    expect(await echoOnce(link, large)).toBe(large);
    expect(await echoOnce(link, "small")).toBe("small");
    expect(frames).toHaveLength(3);
    // A random key is all zero with probability 2^-32.
    for (const frame of frames) expect(frame.key).not.toEqual(ZERO_KEY);
    expect(frames[0]!.key).not.toEqual(frames[1]!.key);
    await within(link.close(), "close");
  });
});

describe("LoopbackMasker", () => {
  it("gives a frame of ZERO_MASK_MIN_BYTES or more the zero key, a smaller one fresh random keys", () => {
    const masker = new LoopbackMasker();
    const keys: number[][] = [];
    for (const size of [ZERO_MASK_MIN_BYTES, 65_544, ZERO_MASK_MIN_BYTES - 1, 16, 16]) {
      const key = Buffer.from([9, 9, 9, 9]);
      masker.nextFrameBytes = size;
      masker.generateMask(key);
      keys.push([...key]);
    }
    expect(keys.slice(0, 2)).toEqual([ZERO_KEY, ZERO_KEY]);
    expect(new Set(keys.slice(2).map(String)).size).toBe(3);
    for (const key of keys.slice(2)) expect(key).not.toEqual(ZERO_KEY);
  });

  it("keeps giving random keys past its pool of random bytes", () => {
    const masker = new LoopbackMasker();
    const seen = new Set<string>();
    const key = Buffer.alloc(4);
    for (let i = 0; i < 5_000; i++) {
      masker.generateMask(key);
      seen.add(key.toString("hex"));
    }
    // 5,000 draws from 2^32 keys: a handful of repeats at most, never a stuck pool.
    expect(seen.size).toBeGreaterThan(4_990);
  });
});

describe("loopbackMaskerFor", () => {
  it("gives loopback hosts a masker and any other host none (ws's random keys)", () => {
    for (const url of ["ws://127.0.0.1:8080/", "ws://127.9.8.7/", "ws://localhost:1/", "ws://LocalHost/", "ws://[::1]:9/"]) {
      expect(loopbackMaskerFor(new URL(url)), url).toBeInstanceOf(LoopbackMasker);
    }
    for (const url of ["ws://10.0.0.2:8080/", "ws://192.168.1.1/", "wss://device.example/", "ws://[::2]/", "ws://128.0.0.1/"]) {
      expect(loopbackMaskerFor(new URL(url)), url).toBeUndefined();
    }
  });

  it("recognises exactly localhost, 127.0.0.0/8 and [::1]", () => {
    expect(["localhost", "127.0.0.1", "127.255.255.255", "[::1]"].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(["localhost.example", "127.0.0.1.example", "1127.0.0.1", "[::2]", "0.0.0.0"].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
