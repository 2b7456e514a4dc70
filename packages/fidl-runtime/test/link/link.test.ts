// Two Links over a real ws pair on 127.0.0.1 in one process: messages, handles, closes, limits,
// forged frames, socket loss.
import { afterEach, describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/channel.ts";
import { MAX_MESSAGE_BYTES, MAX_MESSAGE_HANDLES } from "../../src/channel/limits.ts";
import { encodeCloseFrame, encodeMessageFrame } from "../../src/link/frame.ts";
import { LinkError } from "../../src/link/link-error.ts";
import { decodeEpitaphStatus, decodeHeader, isEpitaph } from "../../src/wire/message.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { type LinkPair, linkPair, text, until, utf8, within } from "./helpers.ts";

let pairs: LinkPair[] = [];
async function pair(options?: Parameters<typeof linkPair>[0]): Promise<LinkPair> {
  const created = await linkPair(options);
  pairs.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pairs.map((p) => p.close()));
  pairs = [];
});

async function read(channel: Channel, what = "a message"): Promise<string> {
  return text((await within(channel.read(), what)).bytes);
}

async function expectPeerClosed(channel: Channel, what: string): Promise<void> {
  await expect(within(channel.read(), what)).rejects.toMatchObject({ status: ZxStatus.PEER_CLOSED });
}

/** Every promise rejects with PEER_CLOSED (handlers attached at once: no unhandled rejection). */
async function expectAllPeerClosed(pending: Promise<unknown>[], what: string): Promise<void> {
  const results = await within(Promise.allSettled(pending), what);
  for (const result of results) {
    expect(result.status).toBe("rejected");
    expect((result as PromiseRejectedResult).reason).toMatchObject({ status: ZxStatus.PEER_CLOSED });
  }
}

/** Sends a fresh endpoint from the client to the server; returns [client's end, server's end]. */
async function sendEndpoint(p: LinkPair): Promise<[Channel, Channel]> {
  const [local, remote] = Channel.create();
  p.client.bootstrap.write(utf8("endpoint"), [remote]);
  const message = await within(p.server.bootstrap.read(), "the endpoint");
  return [local, message.handles[0]!];
}

describe("Link", () => {
  it("carries a message both ways over the bootstrap channel", async () => {
    const p = await pair();
    p.client.bootstrap.write(utf8("ping"));
    expect(await read(p.server.bootstrap)).toBe("ping");
    p.server.bootstrap.write(utf8("pong"));
    expect(await read(p.client.bootstrap)).toBe("pong");
  });

  it("moves a handle across: the sender's handle dies and the received one talks to its peer", async () => {
    const p = await pair();
    const [local, remote] = Channel.create();
    p.client.bootstrap.write(utf8("take this"), [remote]);
    expect(remote.isValid).toBe(false);
    const message = await within(p.server.bootstrap.read(), "the endpoint");
    expect(text(message.bytes)).toBe("take this");
    expect(message.handles).toHaveLength(1);
    const arrived = message.handles[0]!;
    local.write(utf8("hello"));
    expect(await read(arrived)).toBe("hello");
    arrived.write(utf8("hi back"));
    expect(await read(local)).toBe("hi back");
    expect(p.client.stats.channels).toBe(2);
    expect(p.server.stats.channels).toBe(2);
  });

  it("keeps an endpoint connected when it is passed across and back", async () => {
    const p = await pair();
    const [local, arrived] = await sendEndpoint(p);
    p.server.bootstrap.write(utf8("back"), [arrived]);
    const returned = (await within(p.client.bootstrap.read(), "the returned endpoint")).handles[0]!;
    local.write(utf8("round"));
    expect(await read(returned)).toBe("round");
    returned.write(utf8("trip"));
    expect(await read(local)).toBe("trip");
    returned.close();
    await expectPeerClosed(local, "PEER_CLOSED after the returned end closed");
  });

  it("chains an endpoint over three hops and carries messages and the close end to end", async () => {
    const hops = [await pair(), await pair(), await pair()];
    const [first, travelling] = Channel.create();
    let endpoint = travelling;
    for (const [index, hop] of hops.entries()) {
      hop.client.bootstrap.write(utf8(`hop ${index}`), [endpoint]);
      endpoint = (await within(hop.server.bootstrap.read(), `hop ${index}`)).handles[0]!;
    }
    first.write(utf8("across three links"));
    expect(await read(endpoint)).toBe("across three links");
    endpoint.write(utf8("and back"));
    expect(await read(first)).toBe("and back");
    first.write(utf8("last words"));
    first.close();
    expect(await read(endpoint)).toBe("last words");
    await expectPeerClosed(endpoint, "PEER_CLOSED at the far end of the chain");
  });

  it("delivers writes made before and right after the endpoint is sent (pipelining)", async () => {
    const p = await pair();
    const [clientEnd, serverEnd] = Channel.create();
    clientEnd.write(utf8("before sending"));
    p.client.bootstrap.write(utf8("server end"), [serverEnd]);
    clientEnd.write(utf8("before it arrives"));
    const arrived = (await within(p.server.bootstrap.read(), "the server end")).handles[0]!;
    expect(await read(arrived)).toBe("before sending");
    expect(await read(arrived)).toBe("before it arrives");
  });

  it("lets the receiver write into an arrived endpoint at once, before the sender reads", async () => {
    const p = await pair();
    const [clientEnd, serverEnd] = Channel.create();
    p.server.bootstrap.write(utf8("client end"), [clientEnd]);
    const arrived = (await within(p.client.bootstrap.read(), "the client end")).handles[0]!;
    arrived.write(utf8("request 1"));
    arrived.write(utf8("request 2"));
    expect(await read(serverEnd)).toBe("request 1");
    expect(await read(serverEnd)).toBe("request 2");
  });

  it("propagates a close: the far end drains its messages, then sees PEER_CLOSED", async () => {
    const p = await pair();
    const [local, arrived] = await sendEndpoint(p);
    local.write(utf8("one"));
    local.write(utf8("two"));
    local.close();
    expect(await read(arrived)).toBe("one");
    expect(await read(arrived)).toBe("two");
    await expectPeerClosed(arrived, "PEER_CLOSED after draining");
    await until(() => p.client.stats.channels === 1 && p.server.stats.channels === 1, "both links forget the channel");
    expect(() => arrived.write(utf8("late"))).toThrow(expect.objectContaining({ status: ZxStatus.PEER_CLOSED }));
  });

  it("carries an epitaph as a message before PEER_CLOSED", async () => {
    const p = await pair();
    const [local, arrived] = await sendEndpoint(p);
    arrived.closeWithEpitaph(ZxStatus.NOT_SUPPORTED);
    const epitaph = await within(local.read(), "the epitaph");
    const { header, body } = decodeHeader(epitaph.bytes);
    expect(isEpitaph(header)).toBe(true);
    expect(decodeEpitaphStatus(body)).toBe(ZxStatus.NOT_SUPPORTED);
    await expectPeerClosed(local, "PEER_CLOSED after the epitaph");
  });

  it("carries a message at the limit: 65,536 bytes and 64 connected handles", async () => {
    const p = await pair();
    const body = Buffer.alloc(MAX_MESSAGE_BYTES, 0xab);
    const pairs = Array.from({ length: MAX_MESSAGE_HANDLES }, () => Channel.create());
    p.client.bootstrap.write(body, pairs.map(([, remote]) => remote));
    const message = await within(p.server.bootstrap.read(), "the message at the limit");
    expect(message.bytes.byteLength).toBe(MAX_MESSAGE_BYTES);
    expect(Buffer.from(message.bytes).equals(body)).toBe(true);
    expect(message.handles).toHaveLength(MAX_MESSAGE_HANDLES);
    for (const [index, [local]] of pairs.entries()) local.write(utf8(`to ${index}`));
    for (const [index, handle] of message.handles.entries()) expect(await read(handle)).toBe(`to ${index}`);
    expect(p.server.stats.channels).toBe(1 + MAX_MESSAGE_HANDLES);
  });

  it("refuses a message one over the limit before it reaches the link", async () => {
    const p = await pair();
    expect(() => p.client.bootstrap.write(Buffer.alloc(MAX_MESSAGE_BYTES + 1))).toThrow(
      expect.objectContaining({ status: ZxStatus.OUT_OF_RANGE }),
    );
    expect(p.client.stats.framesOut).toBe(0);
  });

  it("closes only the channel of a forged frame with 65,537 bytes (OUT_OF_RANGE)", async () => {
    const p = await pair();
    const [victimLocal, victim] = await sendEndpoint(p); // id 1
    const [otherLocal, other] = await sendEndpoint(p); // id 3
    p.clientSocket.send(encodeMessageFrame(1, Buffer.alloc(MAX_MESSAGE_BYTES + 1), []));
    await expectPeerClosed(victim, "the victim closed on the server");
    await expectPeerClosed(victimLocal, "the victim closed on the client");
    expect(p.serverErrors).toHaveLength(1);
    expect(p.serverErrors[0]).toMatchObject({ code: "MESSAGE_TOO_LARGE", status: ZxStatus.OUT_OF_RANGE, channelId: 1 });
    otherLocal.write(utf8("still fine"));
    expect(await read(other)).toBe("still fine");
    expect(p.server.isOpen).toBe(true);
  });

  it("refuses a handle id from the receiver's own id space (BAD_HANDLE) and closes only that channel", async () => {
    const p = await pair();
    const [victimLocal, victim] = await sendEndpoint(p); // id 1
    const [otherLocal, other] = await sendEndpoint(p); // id 3
    p.clientSocket.send(encodeMessageFrame(1, utf8("forged"), [2])); // even = the server's ids
    await expectPeerClosed(victim, "the victim closed on the server");
    await expectPeerClosed(victimLocal, "the victim closed on the client");
    expect(p.serverErrors.map((e) => [e.code, e.status, e.channelId])).toEqual([
      ["FOREIGN_HANDLE_ID", ZxStatus.BAD_HANDLE, 1],
    ]);
    expect(p.serverErrors[0]!.message).toContain("handle id 2");
    otherLocal.write(utf8("unaffected"));
    expect(await read(other)).toBe("unaffected");
  });

  it("refuses a reused handle id (ALREADY_EXISTS) and closes only that channel", async () => {
    const p = await pair();
    const [otherLocal, other] = await sendEndpoint(p); // id 1
    const [victimLocal, victim] = await sendEndpoint(p); // id 3
    p.clientSocket.send(encodeMessageFrame(3, utf8("forged"), [1]));
    await expectPeerClosed(victim, "the victim closed on the server");
    await expectPeerClosed(victimLocal, "the victim closed on the client");
    expect(p.serverErrors.map((e) => [e.code, e.status, e.channelId])).toEqual([
      ["HANDLE_ID_REUSED", ZxStatus.ALREADY_EXISTS, 3],
    ]);
    otherLocal.write(utf8("unaffected"));
    expect(await read(other)).toBe("unaffected");
  });

  it("drops a frame for a channel that was never announced (NOT_FOUND) and closes nothing", async () => {
    const p = await pair();
    const [local, arrived] = await sendEndpoint(p);
    p.clientSocket.send(encodeMessageFrame(99, utf8("to nowhere"), []));
    p.clientSocket.send(encodeCloseFrame(1001));
    local.write(utf8("after the forgery"));
    expect(await read(arrived)).toBe("after the forgery");
    expect(p.serverErrors.map((e) => [e.code, e.status, e.channelId])).toEqual([
      ["UNKNOWN_CHANNEL", ZxStatus.NOT_FOUND, 99],
      ["UNKNOWN_CHANNEL", ZxStatus.NOT_FOUND, 1001],
    ]);
    expect(p.server.stats.channels).toBe(2);
  });

  it("ignores frames for a channel that closed while they were in flight", async () => {
    const p = await pair();
    const [local, arrived] = await sendEndpoint(p);
    arrived.close();
    await expectPeerClosed(local, "the close reaching the client");
    p.clientSocket.send(encodeMessageFrame(1, utf8("late"), []));
    p.client.bootstrap.write(utf8("still here"));
    expect(await read(p.server.bootstrap)).toBe("still here");
    expect(p.serverErrors).toEqual([]);
  });

  it("ends the whole link on a corrupt frame: every channel PEER_CLOSED, closed says why", async () => {
    const p = await pair();
    const [local, arrived] = await sendEndpoint(p);
    const pendingServer = [p.server.bootstrap.read(), arrived.read()];
    const pendingClient = [p.client.bootstrap.read(), local.read()];
    p.clientSocket.send(Buffer.from([0x7f, 0, 0, 0, 0, 0, 0, 0]));
    await expectAllPeerClosed([...pendingServer, ...pendingClient], "every pending read");
    const reason = await within(p.server.closed, "server closed");
    expect(reason).toBeInstanceOf(LinkError);
    expect(reason).toMatchObject({ code: "FRAME_CORRUPT", status: ZxStatus.IO_DATA_INTEGRITY });
    expect(reason.message).toContain("unknown frame kind 0x7f");
    expect(await within(p.client.closed, "client closed")).toMatchObject({ code: "PEER_ABORTED" });
  });

  it("closes every proxied channel with PEER_CLOSED when the socket is lost", async () => {
    const p = await pair();
    const ends = [await sendEndpoint(p), await sendEndpoint(p), await sendEndpoint(p)];
    const pending = [p.client.bootstrap.read(), p.server.bootstrap.read(), ...ends.flat().map((c) => c.read())];
    p.serverSocket.terminate();
    await expectAllPeerClosed(pending, "every pending read");
    expect(pending).toHaveLength(8);
    expect(await within(p.client.closed, "client closed")).toMatchObject({
      code: "SOCKET_LOST",
      status: ZxStatus.CONNECTION_RESET,
    });
    expect(p.client.stats.channels).toBe(0);
  });

  it("closes cleanly on link.close(): the peer's closed says SOCKET_CLOSED with the reason", async () => {
    const p = await pair();
    const [local] = await sendEndpoint(p);
    const closing = p.client.close("done here");
    await expectPeerClosed(local, "the local end");
    expect(await within(closing, "client closed")).toMatchObject({ code: "CLOSED_LOCALLY", status: ZxStatus.CANCELED });
    const serverReason = await within(p.server.closed, "server closed");
    expect(serverReason).toMatchObject({ code: "SOCKET_CLOSED", status: ZxStatus.PEER_CLOSED });
    expect(serverReason.message).toBe("[ZX_ERR_PEER_CLOSED] link: closed by peer: done here");
  });

  it("reports message frames to the onFrame tap in both directions", async () => {
    const seen: string[] = [];
    const p = await pair({
      client: { onFrame: (direction, id, bytes, handles) => seen.push(`client ${direction} ${id} ${text(bytes)} ${handles}`) },
      server: { onFrame: (direction, id, bytes, handles) => seen.push(`server ${direction} ${id} ${text(bytes)} ${handles}`) },
    });
    await sendEndpoint(p);
    p.server.bootstrap.write(utf8("ok"));
    await read(p.client.bootstrap);
    expect(seen).toEqual([
      "client out 0 endpoint 1",
      "server in 0 endpoint 1",
      "server out 0 ok 0",
      "client in 0 ok 0",
    ]);
  });

  it("keeps the link and the message when the onFrame tap throws", async () => {
    const p = await pair({
      client: {
        onFrame: () => {
          throw new Error("tap broke");
        },
      },
    });
    const [near, far] = Channel.create();
    p.client.bootstrap.write(utf8("endpoint"), [far]);
    const [arrived] = (await within(p.server.bootstrap.read(), "the endpoint")).handles;
    near.write(utf8("still connected"));
    expect(await read(arrived!)).toBe("still connected");
    expect(p.client.isOpen).toBe(true);
    expect(p.clientErrors.map((e) => e.message)).toContain("[ZX_ERR_INTERNAL] link: onFrame threw: tap broke");
  });
});
