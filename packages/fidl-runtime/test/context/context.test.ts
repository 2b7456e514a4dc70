// Host Context against a minimal in-test RemoteControl over a real WebSocket on 127.0.0.1:0
// (the full device is exercised in packages/fake-device/test): typed connect errors,
// pipelining, reconnection, targetWait, close.
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { DomainError } from "../../src/bindings/result.ts";
import { DeviceConnectError, connect, remotecontrol } from "../../src/context/index.ts";
import { LINK_SERVER_OPTIONS, Link } from "../../src/link/index.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { withTimeout } from "../../src/toolkit/with-timeout.ts";

/** Serves RemoteControl; `/core/raw` accepts any capability and echoes raw messages. */
class FakeRemoteControl extends remotecontrol.RemoteControlServer {
  echoString(request: remotecontrol.RemoteControlEchoStringRequest) {
    return { response: request.value };
  }
  identifyHost() {
    return { response: { nodename: "fake" } };
  }
  connectCapability(request: remotecontrol.RemoteControlConnectCapabilityRequest) {
    if (request.moniker === "/core/raw") {
      const channel = request.server_channel;
      channel.listen({ message: (m) => channel.write(m.bytes), closed: () => channel.close() });
      return undefined;
    }
    request.server_channel.closeWithEpitaph(ZxStatus.NOT_FOUND);
    return new DomainError(request.moniker === "/weird" ? 99 : remotecontrol.ConnectCapabilityError.NO_MATCHING_COMPONENT);
  }
  getTime() {
    return { time: 0n };
  }
}

interface TestServer {
  url: string;
  links: Link[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(port = 0): Promise<TestServer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port, ...LINK_SERVER_OPTIONS });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const links: Link[] = [];
  wss.on("connection", (ws) => {
    const link = new Link(ws);
    links.push(link);
    new FakeRemoteControl(link.bootstrap, { onError: () => {} }).serve().catch(() => {});
  });
  const server: TestServer = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    links,
    close: async () => {
      await Promise.all(links.map((l) => l.close()));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  servers.push(server);
  return server;
}

function within<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return withTimeout(promise, ms, what);
}

async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  return within(
    promise.then(
      () => new Error(`${what} resolved`),
      (error: unknown) => error,
    ),
    3_000,
    what,
  );
}

describe("connect", () => {
  it("reaches RemoteControl on the bootstrap channel", async () => {
    const server = await startServer();
    await using connection = await within(connect(server.url), 3_000, "connect");
    expect(await within(connection.remoteControl().echoString({ value: "hi" }), 2_000, "EchoString")).toEqual({ response: "hi" });
    expect((await connection.identify()).nodename).toBe("fake");
    expect(connection.isConnected).toBe(true);
  });

  it("rejects with CONNECTION_REFUSED when nothing listens", async () => {
    const server = await startServer();
    const { url } = server;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const error = await rejection(connect(url, { timeoutMs: 2_000 }), "connect");
    expect(ZxError.is(error, ZxStatus.CONNECTION_REFUSED)).toBe(true);
  });
});

describe("connectDeviceProxy", () => {
  it("returns a channel at once that is usable before the device answers", async () => {
    const server = await startServer();
    await using connection = await connect(server.url);
    const channel = connection.connectDeviceProxy("/core/raw", "any.Protocol");
    channel.write(new Uint8Array([1, 2, 3]));
    const echoed = await within(channel.read(), 2_000, "read");
    expect([...echoed.bytes]).toEqual([1, 2, 3]);
    channel.close();
  });

  it("surfaces a refusal on a pipelined channel as the epitaph status", async () => {
    const server = await startServer();
    await using connection = await connect(server.url);
    const channel = connection.connectDeviceProxy("/core/missing", "any.Protocol");
    const message = await within(channel.read(), 2_000, "epitaph");
    // The epitaph arrives as a message (bindings turn it into the status).
    expect(message.bytes.byteLength).toBeGreaterThan(16);
    expect(ZxError.is(await rejection(channel.read(), "read after epitaph"), ZxStatus.PEER_CLOSED)).toBe(true);
  });

  it("gives a typed DeviceConnectError naming the moniker from the checked variant", async () => {
    const server = await startServer();
    await using connection = await connect(server.url);
    const error = (await rejection(connection.connectDeviceProxyChecked("/core/missing", "fuchsia.examples.Echo"), "checked")) as DeviceConnectError;
    expect(error).toBeInstanceOf(DeviceConnectError);
    expect(error.reason).toBe("NO_MATCHING_COMPONENT");
    expect(error.status).toBe(ZxStatus.NOT_FOUND);
    expect(error.moniker).toBe("/core/missing");
    expect(error.capability).toBe("fuchsia.examples.Echo");
    expect(error.message).toBe("[ZX_ERR_NOT_FOUND] cannot connect to fuchsia.examples.Echo at /core/missing: NO_MATCHING_COMPONENT");
  });

  it("maps an error value it does not know to reason UNKNOWN, status INTERNAL", async () => {
    const server = await startServer();
    await using connection = await connect(server.url);
    const error = (await rejection(connection.connectDeviceProxyChecked("/weird", "a.B"), "checked")) as DeviceConnectError;
    expect(error.reason).toBe("UNKNOWN");
    expect(error.status).toBe(ZxStatus.INTERNAL);
    expect(error.message).toBe("[ZX_ERR_INTERNAL] cannot connect to a.B at /weird: unknown error 99");
  });
});

describe("connection loss and targetWait", () => {
  it("closes every channel with PEER_CLOSED when the link drops, and reports why", async () => {
    const server = await startServer();
    await using connection = await connect(server.url);
    const channel = connection.connectDeviceProxy("/core/raw", "any.Protocol");
    const read = channel.read().then(
      () => undefined,
      (error: unknown) => error,
    );
    await within(connection.remoteControl().echoString({ value: "sync" }), 2_000, "EchoString");
    await server.links[0]!.close("server going away");
    expect(ZxError.is(await within(read, 2_000, "read"), ZxStatus.PEER_CLOSED)).toBe(true);
    const reason = await within(connection.closed, 2_000, "closed");
    expect(reason).toBeInstanceOf(ZxError);
    expect(connection.isConnected).toBe(false);
  });

  it("returns an already closed proxy while the link is down, never a hanging one", async () => {
    const server = await startServer();
    await using connection = await connect(server.url);
    await server.links[0]!.close();
    await within(connection.closed, 2_000, "closed");
    const channel = connection.connectDeviceProxy("/core/raw", "any.Protocol");
    expect(ZxError.is(await rejection(channel.read(), "read"), ZxStatus.PEER_CLOSED)).toBe(true);
    expect(ZxError.is(await rejection(connection.connectDeviceProxyChecked("/core/raw", "a.B"), "checked"), ZxStatus.PEER_CLOSED)).toBe(true);
  });

  it("resolves targetWait({ offline }) when the link ends and reconnects on targetWait()", async () => {
    const server = await startServer();
    await using connection = await connect(server.url);
    const offline = connection.targetWait({ offline: true, timeoutMs: 2_000 });
    await server.links[0]!.close();
    await within(offline, 3_000, "targetWait offline");
    await within(connection.targetWait({ timeoutMs: 2_000 }), 3_000, "targetWait");
    expect(connection.isConnected).toBe(true);
    expect(server.links).toHaveLength(2);
    expect(await connection.remoteControl().echoString({ value: "again" })).toEqual({ response: "again" });
  });

  it("makes one link for concurrent reconnects", async () => {
    const server = await startServer();
    await using connection = await connect(server.url);
    await server.links[0]!.close();
    await within(connection.targetWait({ offline: true, timeoutMs: 2_000 }), 3_000, "offline");
    await within(Promise.all([connection.reconnect(), connection.reconnect(), connection.targetWait()]), 3_000, "reconnects");
    expect(server.links).toHaveLength(2);
    expect(connection.isConnected).toBe(true);
  });

  it("rejects targetWait with TIMED_OUT when the device does not come back", async () => {
    const server = await startServer();
    const connection = await connect(server.url);
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    await within(connection.closed, 2_000, "closed");
    const error = await rejection(connection.targetWait({ timeoutMs: 200 }), "targetWait");
    expect(ZxError.is(error, ZxStatus.TIMED_OUT)).toBe(true);
    expect((error as Error).message).toBe("[ZX_ERR_TIMED_OUT] targetWait(online) timed out after 200 ms");
    await connection.close();
  });

  it("rejects targetWait with CANCELED when its signal aborts", async () => {
    const server = await startServer();
    await using connection = await connect(server.url);
    const abort = new AbortController();
    const waiting = connection.targetWait({ offline: true, timeoutMs: 5_000, signal: abort.signal });
    abort.abort();
    expect(ZxError.is(await rejection(waiting, "targetWait"), ZxStatus.CANCELED)).toBe(true);
  });

  it("refuses use after close with BAD_STATE", async () => {
    const server = await startServer();
    const connection = await connect(server.url);
    await connection.close();
    expect(() => connection.remoteControl()).toThrow(ZxError);
    expect(() => connection.connectDeviceProxy("/core/raw", "a.B")).toThrow("[ZX_ERR_BAD_STATE] the connection was closed");
    await within(connection.closed, 2_000, "closed");
  });
});

