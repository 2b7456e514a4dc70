// Client (generated EchoClient and ExampleEventsClient): txids, timeouts and cancellation, validation both ways, closing, and the event queue.
import { describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/channel.ts";
import { setNextTxid } from "../../src/bindings/client.ts";
import { FidlError } from "../../src/bindings/errors.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { decodeHeader, decodeMessageBody, encodeMessage } from "../../src/wire/message.ts";
import { EchoClient, EchoProtocol } from "../generated/fuchsia.examples.ts";
import {
  ExampleEventsClient,
  ExampleEventsEventHandler,
  type ExampleEventsOnFirstRequest,
} from "../generated/fuchsia.controller.test.ts";
import { closedStatus, errorLog, pair, rejectionOf, settle, within } from "./fixtures/helpers.ts";
import { ExampleEventsSender } from "./fixtures/servers.ts";

const echoString = EchoProtocol.methods[0]!;

/** Reads one request off a raw server end and returns its txid and body. */
async function readRequest(server: Channel): Promise<{ txid: number; body: unknown }> {
  const message = await within(server.read());
  const { header, body } = decodeHeader(message.bytes);
  return { txid: header.txid, body: decodeMessageBody(body, message.handles) };
}

function reply(server: Channel, txid: number, body: unknown, handles: Channel[] = []): void {
  const message = encodeMessage(txid, echoString.ordinal, false, body);
  server.write(message.bytes, [...message.handles, ...handles]);
}

describe("Client txids", () => {
  it("gives pending calls distinct non-zero txids and wraps past 2^31-1, skipping pending ones", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const first = echo.echoString({ value: "a" }); // txid 1
    echo[setNextTxid](0x7fff_ffff);
    const second = echo.echoString({ value: "b" }); // txid 0x7fffffff, then wraps to 1 (pending) → 2
    const third = echo.echoString({ value: "c" });
    const txids = [(await readRequest(server)).txid, (await readRequest(server)).txid, (await readRequest(server)).txid];
    expect(txids).toEqual([1, 0x7fff_ffff, 2]);
    // Answer out of order: each response finds its own call.
    reply(server, 2, { response: "C" });
    reply(server, 1, { response: "A" });
    reply(server, 0x7fff_ffff, { response: "B" });
    expect(await within(Promise.all([first, second, third]))).toEqual([{ response: "A" }, { response: "B" }, { response: "C" }]);
    echo.$close();
    server.close();
  });
});

describe("Client per-call options", () => {
  it("fails a call with TIMED_OUT after timeoutMs and drops its late response cleanly", async () => {
    const { client, server } = pair();
    const log = errorLog();
    const echo = new EchoClient(client, { onError: log.onError });
    const error = await rejectionOf(echo.echoString({ value: "slow" }, { timeoutMs: 5 }));
    expect(error).toBeInstanceOf(FidlError);
    expect((error as FidlError).message).toBe("[ZX_ERR_TIMED_OUT] fuchsia.examples/Echo.EchoString: no response within 5 ms");
    const { txid } = await readRequest(server);
    const [lateHandle, lateHandlePeer] = Channel.create();
    const late = encodeMessage(txid, echoString.ordinal, false, { response: "late", extra: lateHandle });
    server.write(late.bytes, late.handles);
    await settle();
    expect(lateHandlePeer.isPeerClosed).toBe(true); // the dropped response's handles were closed
    expect(log.errors).toEqual([]);
    expect(echo.$isClosed).toBe(false);
    const next = echo.echoString({ value: "next" });
    const request = await readRequest(server);
    reply(server, request.txid, { response: "next" });
    expect(await within(next)).toEqual({ response: "next" });
    echo.$close();
    server.close();
    lateHandlePeer.close();
  });

  it("fails a call with CANCELED when its signal aborts, and drops the late response", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const controller = new AbortController();
    const call = echo.echoString({ value: "x" }, { signal: controller.signal });
    controller.abort(new Error("user gave up"));
    const error = await rejectionOf(call);
    expect((error as FidlError).status).toBe(ZxStatus.CANCELED);
    expect((error as FidlError).code).toBe("CANCELED");
    expect(((error as FidlError).cause as Error).message).toBe("user gave up");
    const { txid } = await readRequest(server);
    reply(server, txid, { response: "late" });
    await settle();
    expect(echo.$isClosed).toBe(false);
    echo.$close();
    server.close();
  });

  it("fails a call whose signal is already aborted without writing it", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const error = await rejectionOf(echo.echoString({ value: "x" }, { signal: AbortSignal.abort() }));
    expect((error as FidlError).status).toBe(ZxStatus.CANCELED);
    expect(server.pendingMessages).toBe(0);
    echo.$close();
    server.close();
  });
});

describe("Client validation", () => {
  it("rejects an invalid request with INVALID_ARGS naming the field, without writing", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const error = await rejectionOf(echo.echoString({ value: "x".repeat(33) }));
    expect((error as FidlError).code).toBe("INVALID_REQUEST");
    expect((error as FidlError).message).toBe(
      "[ZX_ERR_INVALID_ARGS] fuchsia.examples/Echo.EchoString: request.value: too_big (string is longer than its bound of 32 UTF-8 bytes)",
    );
    expect(Array.isArray((error as FidlError).cause)).toBe(true);
    expect(() => echo.sendString({ value: 5 as unknown as string })).toThrow(
      "[ZX_ERR_INVALID_ARGS] fuchsia.examples/Echo.SendString: request.value: invalid_type (expected a string)",
    );
    expect(server.pendingMessages).toBe(0);
    expect(echo.$isClosed).toBe(false);
    echo.$close();
    server.close();
  });

  it("fails a call whose response breaks the schema, closes the channel and fails the other pending calls", async () => {
    const { client, server } = pair();
    const log = errorLog();
    const echo = new EchoClient(client, { onError: log.onError });
    const bad = echo.echoString({ value: "a" });
    const other = echo.echoString({ value: "b" });
    const { txid } = await readRequest(server);
    reply(server, txid, { response: 42 });
    const error = await rejectionOf(bad);
    expect(error).toBeInstanceOf(FidlError);
    expect((error as FidlError).code).toBe("DECODE_FAILED");
    expect((error as FidlError).status).toBe(ZxStatus.INVALID_ARGS);
    expect((error as FidlError).message).toBe(
      "[ZX_ERR_INVALID_ARGS] fuchsia.examples/Echo.EchoString: response.response: invalid_type (expected a string)",
    );
    expect((error as FidlError).cause).toEqual([expect.objectContaining({ code: "invalid_type", path: ["response"] })]);
    expect(((await rejectionOf(other)) as FidlError).code).toBe("DECODE_FAILED");
    expect(((await rejectionOf(echo.echoString({ value: "c" }))) as FidlError).code).toBe("DECODE_FAILED");
    expect(log.errors.map((e) => e.code)).toEqual(["DECODE_FAILED"]);
    expect(await closedStatus(server)).toBe(ZxStatus.PEER_CLOSED);
    server.close();
  });
});

describe("Client closing", () => {
  it("fails pending and later calls with PEER_CLOSED when the peer closes without an epitaph", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const pending = echo.echoString({ value: "a" });
    server.close();
    const error = await rejectionOf(pending);
    expect((error as FidlError).message).toBe("[ZX_ERR_PEER_CLOSED] fuchsia.examples/Echo.EchoString: channel closed by peer");
    expect(((await rejectionOf(echo.echoString({ value: "b" }))) as FidlError).status).toBe(ZxStatus.PEER_CLOSED);
  });

  it("returns from a one-way call without error once the peer has closed or sent an epitaph", async () => {
    const closed = pair();
    const echo = new EchoClient(closed.client);
    closed.server.close();
    expect(() => echo.sendString({ value: "before the close is seen" })).not.toThrow();
    await settle();
    expect(() => echo.sendString({ value: "after" })).not.toThrow();

    const epitaph = pair();
    const echo2 = new EchoClient(epitaph.client);
    epitaph.server.closeWithEpitaph(ZxStatus.UNAVAILABLE);
    await settle();
    expect(() => echo2.sendString({ value: "after epitaph" })).not.toThrow();
    expect(((await rejectionOf(echo2.echoString({ value: "x" }))) as FidlError).status).toBe(ZxStatus.UNAVAILABLE);
  });

  it("fails pending and later calls with CANCELED after $close(), and one-way calls throw", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const pending = echo.echoString({ value: "a" });
    echo.$close();
    expect((await rejectionOf(pending)) as FidlError).toMatchObject({ status: ZxStatus.CANCELED, code: "CLOSED" });
    expect((await rejectionOf(echo.echoString({ value: "b" }))) as FidlError).toMatchObject({ code: "CLOSED" });
    expect(() => echo.sendString({ value: "c" })).toThrow("[ZX_ERR_CANCELED] fuchsia.examples/Echo.SendString: client closed");
    expect(await closedStatus(server)).toBe(ZxStatus.PEER_CLOSED);
    server.close();
  });
});

describe("Client events", () => {
  it("queues at most maxQueuedEvents before a handler serves, reporting each dropped event", async () => {
    const { client, server } = pair();
    const log = errorLog();
    const events = new ExampleEventsClient(client, { maxQueuedEvents: 2, onError: log.onError });
    const sender = new ExampleEventsSender(server);
    for (const message of ["one", "two", "three"]) sender.sendOnFirst({ message });
    await settle();
    expect(log.errors.map((e) => e.message)).toEqual([
      "[ZX_ERR_NO_RESOURCES] fuchsia.controller.test/ExampleEvents.OnFirst: event OnFirst dropped: 2 events are already waiting for an event handler",
    ]);
    const seen: string[] = [];
    class Handler extends ExampleEventsEventHandler {
      onFirst(payload: ExampleEventsOnFirstRequest): void {
        seen.push(payload.message);
      }
      onSecond(): void {}
      onComplex(): void {}
    }
    const served = new Handler(events).serve();
    sender.$close();
    await within(served);
    expect(seen).toEqual(["one", "two"]);
  });

  it("rejects a second event handler on the same client with BAD_STATE", async () => {
    const { client, server } = pair();
    const events = new ExampleEventsClient(client);
    class Handler extends ExampleEventsEventHandler {
      onFirst(): void {}
      onSecond(): void {}
      onComplex(): void {}
    }
    const first = new Handler(events).serve();
    const error = await rejectionOf(new Handler(events).serve());
    expect(error).toMatchObject({ code: "BAD_STATE", status: ZxStatus.BAD_STATE });
    server.close();
    await within(first);
  });
});
