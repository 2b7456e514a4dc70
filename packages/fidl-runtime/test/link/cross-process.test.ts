// The link between this process and a real child process (test/link/fixtures/peer.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/channel.ts";
import { MAX_MESSAGE_HANDLES } from "../../src/channel/limits.ts";
import { connectLink } from "../../src/link/connect.ts";
import type { Link } from "../../src/link/link.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { type Peer, startPeer } from "../support/peer-process.ts";
import { text, utf8, within } from "./helpers.ts";

async function read(channel: Channel, what = "a message"): Promise<string> {
  return text((await within(channel.read(), what)).bytes);
}

describe("link across processes", () => {
  let peer: Peer;
  let link: Link;

  beforeAll(async () => {
    peer = await startPeer();
    link = await within(connectLink(peer.url), "connectLink");
  }, 20_000);

  afterAll(async () => {
    await within(link.close(), "link close");
    await peer.stop();
  });

  it("round-trips a message over the bootstrap channel", async () => {
    link.bootstrap.write(utf8("hello, child"));
    expect(await read(link.bootstrap)).toBe("hello, child");
  });

  it("keeps an endpoint connected after it went to the child and came back", async () => {
    const [local, travelling] = Channel.create();
    link.bootstrap.write(utf8("return"), [travelling]);
    const reply = await within(link.bootstrap.read(), "the returned endpoint");
    expect(text(reply.bytes)).toBe("returned");
    const returned = reply.handles[0]!;
    local.write(utf8("there and back"));
    expect(await read(returned)).toBe("there and back");
    returned.write(utf8("and again"));
    expect(await read(local)).toBe("and again");
  });

  it("delivers a write made before the server end reaches the child (pipelining)", async () => {
    const [client, server] = Channel.create();
    link.bootstrap.write(utf8("serve"), [server]);
    client.write(utf8("sent before the child has the server end"));
    expect(await read(client)).toBe("sent before the child has the server end");
    expect(await read(link.bootstrap)).toBe("served 1");
  });

  it("carries 1,000 channels on one link", async () => {
    const before = link.stats.channels;
    const clients: Channel[] = [];
    for (let sent = 0; sent < 1000; sent += MAX_MESSAGE_HANDLES) {
      const batch = Array.from({ length: Math.min(MAX_MESSAGE_HANDLES, 1000 - sent) }, () => Channel.create());
      clients.push(...batch.map(([client]) => client));
      link.bootstrap.write(utf8("serve"), batch.map(([, server]) => server));
    }
    for (const [index, client] of clients.entries()) client.write(utf8(`channel ${index}`));
    const echoes = await within(Promise.all(clients.map((client) => client.read())), "1,000 echoes", 10_000);
    expect(echoes.map((m) => text(m.bytes))).toEqual(clients.map((_, index) => `channel ${index}`));
    expect(link.stats.channels).toBe(before + 1000);
    for (let i = 0; i < 16; i++) expect(await read(link.bootstrap)).toMatch(/^served \d+$/);
    for (const client of clients) client.close();
  }, 20_000);
});

describe("link to a child that is killed", () => {
  it("rejects every pending read with PEER_CLOSED when the child gets kill -9", async () => {
    const peer = await startPeer();
    try {
      const link = await within(connectLink(peer.url), "connectLink");
      const clients: Channel[] = [];
      for (let i = 0; i < 10; i++) {
        const [client, server] = Channel.create();
        link.bootstrap.write(utf8("serve"), [server]);
        clients.push(client);
      }
      for (let i = 0; i < 10; i++) expect(await read(link.bootstrap)).toBe("served 1");
      const pending = [link.bootstrap, ...clients].map((channel) => channel.read());
      peer.child.kill("SIGKILL");
      const results = await within(Promise.allSettled(pending), "every pending read to settle");
      expect(results).toHaveLength(11);
      for (const result of results) {
        expect(result).toMatchObject({ status: "rejected", reason: { status: ZxStatus.PEER_CLOSED } });
      }
      expect(await within(link.closed, "link closed")).toMatchObject({ code: "SOCKET_LOST", status: ZxStatus.CONNECTION_RESET });
      await expect(clients[0]!.read()).rejects.toMatchObject({ status: ZxStatus.PEER_CLOSED });
      expect(() => clients[1]!.write(utf8("too late"))).toThrow(expect.objectContaining({ status: ZxStatus.PEER_CLOSED }));
    } finally {
      await peer.stop();
    }
  }, 20_000);
});
