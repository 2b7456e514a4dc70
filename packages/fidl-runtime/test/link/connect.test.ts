// connectLink: headers reach the server, and failed connections reject with a typed status.
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { connectLink } from "../../src/link/connect.ts";
import { Link } from "../../src/link/link.ts";
import { LINK_SERVER_OPTIONS } from "../../src/link/server-options.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { closeServer, text, utf8, within } from "./helpers.ts";

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const wss of servers.splice(0)) await closeServer(wss);
});

/** A link server that accepts only `authorization: Bearer secret`. */
async function guardedServer(): Promise<string> {
  const wss = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    ...LINK_SERVER_OPTIONS,
    verifyClient: (info, done) => done(info.req.headers.authorization === "Bearer secret", 401),
  });
  servers.push(wss);
  wss.on("connection", (socket) => {
    const link = new Link(socket);
    link.bootstrap.listen({ message: (m) => link.bootstrap.write(m.bytes), closed: () => link.bootstrap.close() });
  });
  await within(new Promise((resolve) => wss.once("listening", resolve)), "listening");
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

describe("connectLink", () => {
  it("sends the given headers and resolves with a client link", async () => {
    const url = await guardedServer();
    const link = await within(connectLink(url, { headers: { authorization: "Bearer secret" } }), "connectLink");
    expect(link.role).toBe("client");
    link.bootstrap.write(utf8("echo"));
    expect(text((await within(link.bootstrap.read(), "the echo")).bytes)).toBe("echo");
    await within(link.close(), "close");
  });

  it("rejects with ACCESS_DENIED when the server answers 401", async () => {
    const url = await guardedServer();
    await expect(within(connectLink(url), "connectLink")).rejects.toMatchObject({
      code: "CONNECT_FAILED",
      status: ZxStatus.ACCESS_DENIED,
      message: expect.stringContaining("HTTP 401"),
    });
  });

  it("rejects with CONNECTION_REFUSED when nothing listens", async () => {
    const url = await guardedServer();
    await closeServer(servers.pop()!);
    await expect(within(connectLink(url), "connectLink")).rejects.toMatchObject({
      code: "CONNECT_FAILED",
      status: ZxStatus.CONNECTION_REFUSED,
    });
  });

  it("rejects with CANCELED when the signal is already aborted", async () => {
    await expect(connectLink("ws://127.0.0.1:1", { signal: AbortSignal.abort() })).rejects.toMatchObject({
      status: ZxStatus.CANCELED,
    });
  });
});
