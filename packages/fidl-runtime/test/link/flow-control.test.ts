// Flow control: socket back-pressure, the per-channel credit window, and credit returned as the
// local reader reads.
import { afterEach, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { announcePeerClosing, Channel } from "../../src/channel/channel.ts";
import { ChannelProxy, type ProxyHost } from "../../src/link/channel-proxy.ts";
import { connectLink } from "../../src/link/connect.ts";
import { CHANNEL_CREDIT_WINDOW, DEFAULT_HIGH_WATER_MARK } from "../../src/link/flow-control.ts";
import { decodeFrame, encodeCreditFrame, encodeMessageFrame, type Frame, MAX_FRAME_BYTES } from "../../src/link/frame.ts";
import type { Link } from "../../src/link/link.ts";
import type { LinkError } from "../../src/link/link-error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { type EchoEchoStringResponse, EchoClient, EchoServer } from "../generated/fuchsia.examples.ts";
import { closeServer, type LinkPair, linkPair, listen, until, utf8, within } from "./helpers.ts";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A client link whose server end is a bare ws socket: the test reads its frames and sends its own. */
async function linkToRawPeer(): Promise<{ link: Link; peer: WebSocket; frames: Frame[]; errors: LinkError[] }> {
  const { wss, url } = await listen();
  const frames: Frame[] = [];
  const raw = new Promise<WebSocket>((resolve) => {
    wss.once("connection", (socket) => {
      socket.on("message", (data: Buffer) => frames.push(decodeFrame(data)));
      resolve(socket);
    });
  });
  const errors: LinkError[] = [];
  const link: Link = await within(connectLink(url, { onError: (e) => errors.push(e) }), "connectLink");
  cleanups.push(async () => {
    await link.close();
    await closeServer(wss);
  });
  return { link, peer: await within(raw, "the raw server socket"), frames, errors };
}

/** A link pair and a channel carried across it: `near` stays on the client side, `arrived` is its far end on the server side. */
async function carriedChannel(): Promise<{ p: LinkPair; near: Channel; arrived: Channel }> {
  const p = await linkPair();
  cleanups.push(() => p.close());
  const [near, far] = Channel.create();
  p.client.bootstrap.write(utf8("endpoint"), [far]);
  const [arrived] = (await within(p.server.bootstrap.read(), "the endpoint")).handles;
  return { p, near, arrived: arrived! };
}

describe("socket back-pressure", () => {
  it("stops reading local channels above the high-water mark and delivers everything after", async () => {
    const p: LinkPair = await linkPair();
    cleanups.push(() => p.close());
    const channels = 20;
    const perChannel = 40;
    const ends: Array<[Channel, Channel]> = [];
    for (let i = 0; i < channels; i++) {
      const [local, remote] = Channel.create();
      p.client.bootstrap.write(utf8("endpoint"), [remote]);
      ends.push([local, (await within(p.server.bootstrap.read(), "an endpoint")).handles[0]!]);
    }
    p.serverSocket.pause(); // the server process stops reading the socket
    const body = Buffer.alloc(32 * 1024, 1);
    for (const [local] of ends) for (let i = 0; i < perChannel; i++) local.write(body);
    await until(() => p.client.stats.paused, "the client link pauses");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stats = p.client.stats;
    expect(stats.paused).toBe(true);
    // The bound: ws holds at most the high-water mark plus one frame; the rest waits in channels.
    expect(stats.bufferedBytes).toBeLessThanOrEqual(DEFAULT_HIGH_WATER_MARK + MAX_FRAME_BYTES);
    expect(stats.framesOut).toBeLessThan(channels * (perChannel + 1));
    p.serverSocket.resume();
    for (const [, arrived] of ends) {
      for (let i = 0; i < perChannel; i++) {
        expect((await within(arrived.read(), "a message after resuming")).bytes.byteLength).toBe(body.byteLength);
      }
    }
    await until(() => !p.client.stats.paused, "the client link resumes");
  });
});

describe("per-channel credit", () => {
  it("forwards at most one window of messages until the peer returns credit", async () => {
    const { link, peer, frames, errors } = await linkToRawPeer();
    for (let i = 0; i < 100; i++) link.bootstrap.write(utf8(`m${i}`));
    const messages = () => frames.filter((f) => f.kind === "message").length;
    await until(() => messages() === CHANNEL_CREDIT_WINDOW, "a full window arrives");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(messages()).toBe(CHANNEL_CREDIT_WINDOW);
    expect(link.stats.blockedChannels).toBe(1);
    peer.send(encodeCreditFrame(0, 32));
    await until(() => messages() === 96, "32 more after a grant of 32");
    peer.send(encodeCreditFrame(0, 32));
    await until(() => messages() === 100, "the rest");
    expect(link.stats.blockedChannels).toBe(0);
    // 28 credits left; a grant of 64 would exceed the window: the channel is closed.
    peer.send(encodeCreditFrame(0, 64));
    await expect(within(link.bootstrap.read(), "the bootstrap closing")).rejects.toMatchObject({ status: ZxStatus.PEER_CLOSED });
    expect(errors.map((e) => [e.code, e.status, e.channelId])).toEqual([["CREDIT_INVALID", ZxStatus.INVALID_ARGS, 0]]);
    await until(() => frames.some((f) => f.kind === "close" && f.channelId === 0), "a close frame for channel 0");
  });

  it("takes credit back from a message frame's header, and refuses one beyond the window", async () => {
    const { link, peer, frames, errors } = await linkToRawPeer();
    for (let i = 0; i < 70; i++) link.bootstrap.write(utf8(`m${i}`));
    const messages = () => frames.filter((f) => f.kind === "message").length;
    await until(() => messages() === CHANNEL_CREDIT_WINDOW, "a full window arrives");
    // A reply that returns 6 credits: the 6 held back go out, and the reply is delivered.
    peer.send(encodeMessageFrame(0, utf8("reply"), [], 6));
    await until(() => messages() === 70, "6 more after a reply returning 6");
    expect(new TextDecoder().decode((await within(link.bootstrap.read(), "the reply")).bytes)).toBe("reply");
    expect(frames.some((f) => f.kind === "credit")).toBe(false);
    // All 6 were spent: a reply returning 65 exceeds the window, so the channel closes, unread.
    peer.send(encodeMessageFrame(0, utf8("too generous"), [], CHANNEL_CREDIT_WINDOW + 1));
    await expect(within(link.bootstrap.read(), "the bootstrap closing")).rejects.toMatchObject({ status: ZxStatus.PEER_CLOSED });
    expect(errors.map((e) => [e.code, e.channelId])).toEqual([["CREDIT_INVALID", 0]]);
  });

  it("returns credit in the header of a reply, so request/response traffic sends no credit frames", async () => {
    const { p, near, arrived } = await carriedChannel();
    const outgoing: Frame[] = [];
    p.serverSocket.on("message", (data: Buffer) => outgoing.push(decodeFrame(data)));
    for (let i = 0; i < 3 * CHANNEL_CREDIT_WINDOW; i++) {
      near.write(utf8(`request ${i}`));
      await within(arrived.read(), "a request");
      arrived.write(utf8(`response ${i}`));
      await within(near.read(), "a response");
    }
    const toServer = outgoing.filter((f) => f.kind !== "message" || f.channelId !== 0);
    expect(toServer.filter((f) => f.kind === "credit")).toEqual([]);
    expect(toServer.filter((f) => f.kind === "message").length).toBe(3 * CHANNEL_CREDIT_WINDOW);
    expect(p.server.stats.framesOut).toBe(3 * CHANNEL_CREDIT_WINDOW);
  });

  it("tells the peer at once when a channel held back by credit closes; the held messages still arrive", async () => {
    const { near, arrived } = await carriedChannel();
    const extra = 10;
    for (let i = 0; i < CHANNEL_CREDIT_WINDOW + extra; i++) near.write(utf8(`m${i}`));
    await until(() => arrived.pendingMessages === CHANNEL_CREDIT_WINDOW, "a full window delivered");
    expect(near.peerPendingMessages).toBe(extra); // held back on the client side
    let heard = false;
    arrived.watchPeerClosed(() => {
      heard = true;
    });
    near.close();
    // Nothing was read on the server side, so no credit went back: only the closing frame tells.
    await until(() => heard, "the server side hears of the close");
    expect(arrived.pendingMessages).toBe(CHANNEL_CREDIT_WINDOW);
    for (let i = 0; i < CHANNEL_CREDIT_WINDOW + extra; i++) {
      expect(new TextDecoder().decode((await within(arrived.read(), "a message")).bytes)).toBe(`m${i}`);
    }
    await expect(within(arrived.read(), "the end")).rejects.toMatchObject({ status: ZxStatus.PEER_CLOSED });
  });

  it("ends a server paused at its handler limit when its client closes with requests held back by credit", async () => {
    const { p, near, arrived } = await carriedChannel();
    class Hanging extends EchoServer {
      echoString(): Promise<EchoEchoStringResponse> {
        return new Promise(() => {});
      }
      sendString(): void {}
    }
    const served = new Hanging(arrived, { maxConcurrentHandlers: 1 }).serve();
    const echo = new EchoClient(near);
    const calls = Array.from({ length: CHANNEL_CREDIT_WINDOW + 6 }, () => echo.echoString({ value: "hangs" }).catch(() => {}));
    await until(() => p.client.stats.blockedChannels === 1, "the requests held back by credit");
    echo.$close();
    await within(served, "serve() ending");
    await within(Promise.all(calls), "the calls failing");
  });

  it("closes a channel whose sender ran out of credit with nothing held back, without waiting for reads", async () => {
    const { p, near, arrived } = await carriedChannel();
    for (let i = 0; i < CHANNEL_CREDIT_WINDOW; i++) near.write(utf8(`m${i}`));
    await until(() => arrived.pendingMessages === CHANNEL_CREDIT_WINDOW, "a full window delivered");
    await until(() => p.client.stats.blockedChannels === 1, "the channel out of credit");
    near.close();
    await until(() => p.client.stats.channels === 1, "the client link forgets the channel");
    await until(() => p.server.stats.channels === 1, "the server link forgets it too");
    expect(arrived.pendingMessages).toBe(CHANNEL_CREDIT_WINDOW);
    for (let i = 0; i < CHANNEL_CREDIT_WINDOW; i++) await within(arrived.read(), "a message");
    expect(arrived.isPeerClosed).toBe(true);
  });

  it("does not close a relayed hop early: a closing notice from upstream leaves later messages flowing", async () => {
    const { p, near: upstream, arrived } = await carriedChannel();
    // `upstream` stands for the endpoint a relay (another link) writes into: it announces the
    // far end closing while messages are still on their way, as a link does on a closing frame.
    for (let i = 0; i < CHANNEL_CREDIT_WINDOW; i++) upstream.write(utf8(`m${i}`));
    await until(() => p.client.stats.blockedChannels === 1, "the hop out of credit, nothing queued");
    upstream[announcePeerClosing]();
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = CHANNEL_CREDIT_WINDOW; i < CHANNEL_CREDIT_WINDOW + 5; i++) upstream.write(utf8(`m${i}`));
    upstream.close();
    for (let i = 0; i < CHANNEL_CREDIT_WINDOW + 5; i++) {
      expect(new TextDecoder().decode((await within(arrived.read(), "a message")).bytes)).toBe(`m${i}`);
    }
    await expect(within(arrived.read(), "the end")).rejects.toMatchObject({ status: ZxStatus.PEER_CLOSED });
  });

  it("returns credit only as the local reader reads, and refuses a sender beyond its window", () => {
    const grants: number[] = [];
    const [held, user] = Channel.create();
    const readOne = () => user.tryRead();
    const proxy = new ChannelProxy(fakeHost(grants), 5, held);
    for (let i = 0; i < CHANNEL_CREDIT_WINDOW; i++) expect(proxy.deliver(utf8("x"), [])).toBeUndefined();
    expect(grants).toEqual([]);
    expect(proxy.deliver(utf8("one too many"), [])).toMatchObject({
      code: "CREDIT_EXCEEDED",
      status: ZxStatus.IO_OVERRUN,
      channelId: 5,
    });
    expect(user.pendingMessages).toBe(CHANNEL_CREDIT_WINDOW);
    for (let i = 0; i < 31; i++) readOne();
    expect(grants).toEqual([]);
    readOne();
    expect(grants).toEqual([32]);
    for (let i = 0; i < 32; i++) readOne();
    expect(grants).toEqual([32, 32]);
  });

  it("holds an unread channel's queue at one credit window across the link", async () => {
    const { near, arrived } = await carriedChannel();
    for (let i = 0; i < 200; i++) near.write(utf8(`m${i}`));
    await until(() => arrived.pendingMessages === CHANNEL_CREDIT_WINDOW, "a full window delivered");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(arrived.pendingMessages).toBe(CHANNEL_CREDIT_WINDOW);
    expect(near.peerPendingMessages).toBe(200 - CHANNEL_CREDIT_WINDOW);
    for (let i = 0; i < 200; i++) {
      expect(new TextDecoder().decode((await within(arrived.read(), "a message")).bytes)).toBe(`m${i}`);
    }
  });
});

function fakeHost(grants: number[]): ProxyHost {
  return {
    isPaused: () => false,
    isQuiet: () => false,
    forward() {},
    localPeerGone() {},
    grant(_proxy, credits) {
      grants.push(credits);
    },
    localPeerClosedWhilePaused() {},
  };
}
