// Client frames on loopback carry the all-zero masking key (sent without a copy); elsewhere, or
// with `randomMask`, ws's random keys. Checked on the raw bytes the server's socket receives.
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { connectLink } from "../../src/link/connect.ts";
import { isLoopbackHost, maskGeneratorFor } from "../../src/link/frame-mask.ts";
import { Link } from "../../src/link/link.ts";
import { LINK_SERVER_OPTIONS } from "../../src/link/server-options.ts";
import { closeServer, text, utf8, within } from "./helpers.ts";

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const wss of servers.splice(0)) await closeServer(wss);
});

/** An echoing link server that records the masking key of every frame its socket receives. */
async function keyRecordingServer(): Promise<{ url: string; keys: number[][] }> {
  const keys: number[][] = [];
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, ...LINK_SERVER_OPTIONS });
  servers.push(wss);
  wss.on("connection", (socket) => {
    // ws keeps the TCP socket as `_socket`; the raw bytes are only visible there.
    const raw = (socket as unknown as { _socket: Socket })._socket;
    raw.prependListener("data", (chunk: Buffer) => keys.push(...maskKeysOf(chunk)));
    const link = new Link(socket);
    link.bootstrap.listen({ message: (m) => link.bootstrap.write(m.bytes), closed: () => link.bootstrap.close() });
  });
  await within(new Promise((resolve) => wss.once("listening", resolve)), "listening");
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, keys };
}

/** The masking keys of the whole client frames in `chunk` (the test's frames are small). */
function maskKeysOf(chunk: Buffer): number[][] {
  const keys: number[][] = [];
  for (let at = 0; at + 2 <= chunk.length; ) {
    const second = chunk[at + 1]!;
    expect(second & 0x80, "client frames are masked").toBe(0x80);
    let length = second & 0x7f;
    let keyAt = at + 2;
    if (length === 126) {
      length = chunk.readUInt16BE(at + 2);
      keyAt += 2;
    }
    keys.push([...chunk.subarray(keyAt, keyAt + 4)]);
    at = keyAt + 4 + length;
  }
  return keys;
}

async function echoOnce(link: Link, message: string): Promise<string> {
  link.bootstrap.write(utf8(message));
  return text((await within(link.bootstrap.read(), "the echo")).bytes);
}

describe("client frame masking", () => {
  it("sends frames to a loopback address with the all-zero key, and they arrive intact", async () => {
    const { url, keys } = await keyRecordingServer();
    const link = await within(connectLink(url), "connectLink");
    expect(await echoOnce(link, "over loopback")).toBe("over loopback");
    expect(await echoOnce(link, "x".repeat(300))).toBe("x".repeat(300));
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const key of keys) expect(key).toEqual([0, 0, 0, 0]);
    await within(link.close(), "close");
  });

  it("uses random keys on loopback too when asked (randomMask)", async () => {
    const { url, keys } = await keyRecordingServer();
    const link = await within(connectLink(url, { randomMask: true }), "connectLink");
    expect(await echoOnce(link, "first")).toBe("first");
    expect(await echoOnce(link, "second")).toBe("second");
    expect(keys.length).toBeGreaterThanOrEqual(2);
    // Each key is 4 random bytes: all zero with probability 2^-32.
    for (const key of keys) expect(key).not.toEqual([0, 0, 0, 0]);
    expect(keys[0]).not.toEqual(keys[1]);
    await within(link.close(), "close");
  });
});

describe("maskGeneratorFor", () => {
  it("zero-fills the key for loopback hosts", () => {
    for (const url of ["ws://127.0.0.1:8080/", "ws://127.9.8.7/", "ws://localhost:1/", "ws://LocalHost/", "ws://[::1]:9/"]) {
      const generate = maskGeneratorFor(new URL(url));
      expect(generate, url).toBeDefined();
      const key = Buffer.from([1, 2, 3, 4]);
      generate?.(key);
      expect([...key], url).toEqual([0, 0, 0, 0]);
    }
  });

  it("leaves any other host, and randomMask, to ws's random keys", () => {
    for (const url of ["ws://10.0.0.2:8080/", "ws://192.168.1.1/", "wss://device.example/", "ws://[::2]/", "ws://128.0.0.1/"]) {
      expect(maskGeneratorFor(new URL(url)), url).toBeUndefined();
    }
    expect(maskGeneratorFor(new URL("ws://127.0.0.1/"), true)).toBeUndefined();
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
