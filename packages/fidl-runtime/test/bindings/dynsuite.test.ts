// Raw-message tests in the style of FIDL's dynsuite: hand-built headers and bodies against the
// generated Probe server and client (test/fidl/dynsuite.fidl), each with its exact outcome.
import { describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/channel.ts";
import type { ClientOptions } from "../../src/bindings/client.ts";
import { FidlError } from "../../src/bindings/errors.ts";
import type { Openness } from "../../src/bindings/protocol.ts";
import type { ServerOptions } from "../../src/bindings/server.ts";
import type { UnknownInteraction } from "../../src/bindings/unknown-interaction.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { EPITAPH_ORDINAL, HEADER_BYTES, writeHeader } from "../../src/wire/header.ts";
import { decodeHeader, decodeMessageBody, encodeMessage } from "../../src/wire/message.ts";
import { methodOrdinal } from "../../src/wire/ordinal.ts";
import { MAX_MESSAGE_BYTES } from "../../src/channel/limits.ts";
import { FlexibleMethodTesterClient, TestingClient, TestingProtocol } from "../generated/fuchsia.controller.test.ts";
import {
  AjarProbeClient,
  AjarProbeEventHandler,
  AjarProbeServer,
  OpenProbeClient,
  OpenProbeEventHandler,
  OpenProbeServer,
  type ProbeBlobRequest,
  type ProbeBlobResponse,
  ProbeClient,
  ProbeEventHandler,
  type ProbeOnEventRequest,
  type ProbeOneWayRequest,
  ProbeProtocol,
  ProbeServer,
  type ProbeTwoWayRequest,
  type ProbeTwoWayResponse,
} from "../generated/test.dynsuite.ts";
import { closedStatus, errorLog, headerOf, pair, raw, rejectionOf, settle, within } from "./fixtures/helpers.ts";

// test/fidl/dynsuite.fidl declares Probe (closed) and composes it into AjarProbe and OpenProbe:
// composed methods keep Probe's ordinals, so one set of raw messages fits all three.
const PROBE_NAMES: Record<Openness, string> = {
  closed: "test.dynsuite/Probe",
  ajar: "test.dynsuite/AjarProbe",
  open: "test.dynsuite/OpenProbe",
};
const ordinalOf = (jsName: string): bigint => ProbeProtocol.methods.find((m) => m.jsName === jsName)!.ordinal;
const ONE_WAY = ordinalOf("oneWay");
const TWO_WAY = ordinalOf("twoWay");
const BLOB = ordinalOf("blob");
const ON_EVENT = ordinalOf("onEvent");
// An ordinal no Probe declares, hashed like fidlc would for a method added later.
const UNKNOWN = methodOrdinal("test.dynsuite", "Probe", "NotDeclared");
const UNKNOWN_HEX = `0x${UNKNOWN.toString(16).padStart(16, "0")}`;

/** The generated server class of each Probe variant (their handlers are the same). */
const SERVER_BASES: Record<Openness, typeof ProbeServer> = { closed: ProbeServer, ajar: AjarProbeServer, open: OpenProbeServer };
const CLIENTS: Record<Openness, typeof ProbeClient> = { closed: ProbeClient, ajar: AjarProbeClient, open: OpenProbeClient };
const EVENT_HANDLERS: Record<Openness, typeof ProbeEventHandler> = {
  closed: ProbeEventHandler,
  ajar: AjarProbeEventHandler,
  open: OpenProbeEventHandler,
};

/** A Probe server of the given openness that records what it is asked. */
function probeServer(channel: Channel, openness: Openness, options?: ServerOptions) {
  class RecordingProbe extends SERVER_BASES[openness] {
    readonly calls: unknown[] = [];
    readonly unknown: UnknownInteraction[] = [];
    oneWay(request: ProbeOneWayRequest): void {
      this.calls.push(request);
    }
    twoWay(request: ProbeTwoWayRequest): ProbeTwoWayResponse {
      this.calls.push(request);
      return { value: `${request.value}!` };
    }
    blob(request: ProbeBlobRequest): ProbeBlobResponse {
      return { data: request.data + "x".repeat(request.grow) };
    }
    override onUnknownMethod(interaction: UnknownInteraction): void {
      this.unknown.push(interaction);
    }
  }
  return new RecordingProbe(channel, options);
}

/** A Probe client of the given openness. */
function probeClient(channel: Channel, openness: Openness, options?: ClientOptions): ProbeClient {
  return new CLIENTS[openness](channel, options);
}

/** A Probe event handler matching `client`'s openness that records every event. */
function probeEventHandler(client: ProbeClient, openness: Openness) {
  class RecordingHandler extends EVENT_HANDLERS[openness] {
    readonly seen: unknown[] = [];
    onEvent(payload: ProbeOnEventRequest): void {
      this.seen.push(payload);
    }
    override onUnknownEvent(event: UnknownInteraction): void {
      this.seen.push(event);
    }
  }
  return new RecordingHandler(client);
}

function startServer(openness: Openness = "closed") {
  const { client, server } = pair();
  const log = errorLog();
  const probe = probeServer(server, openness, { onError: log.onError });
  const served = probe.serve();
  return { peer: client, probe, served, log };
}

/** Writes a raw TwoWay request and returns the decoded reply. */
async function roundTrip(peer: Channel, txid = 7): Promise<unknown> {
  const request = raw({ txid, ordinal: TWO_WAY, body: { value: "ping" } });
  peer.write(request.bytes, request.handles);
  const reply = await within(peer.read());
  return decodeMessageBody(decodeHeader(reply.bytes).body, reply.handles);
}

/** Expects `served` to reject with a FidlError of `code` whose message is `message`, reported once. */
async function expectTeardown(
  setup: ReturnType<typeof startServer>,
  code: string,
  message: string,
): Promise<void> {
  const error = await rejectionOf(setup.served);
  expect(error).toBeInstanceOf(FidlError);
  expect((error as FidlError).code).toBe(code);
  expect((error as FidlError).message).toBe(message);
  expect(setup.log.errors).toEqual([error]);
  expect(await closedStatus(setup.peer)).toBe(ZxStatus.PEER_CLOSED);
  setup.peer.close();
}

describe("Server: headers and txids", () => {
  it("answers a two-way request with the same txid and ordinal, strict flag clear", async () => {
    const setup = startServer();
    const request = raw({ txid: 0x1234, ordinal: TWO_WAY, body: { value: "ping" } });
    setup.peer.write(request.bytes, request.handles);
    const reply = await within(setup.peer.read());
    expect(headerOf(reply.bytes)).toEqual({ txid: 0x1234, flags: 0, magic: 1, ordinal: TWO_WAY });
    expect(decodeMessageBody(decodeHeader(reply.bytes).body, reply.handles)).toEqual({ value: "ping!" });
    setup.peer.close();
    await within(setup.served);
  });

  it("ignores unknown at-rest and dynamic flag bits", async () => {
    const setup = startServer();
    const request = raw({ txid: 3, ordinal: TWO_WAY, body: { value: "flags" } });
    request.bytes[5] = 0xff; // second at-rest byte: unknown bits
    request.bytes[6] = 0x7f; // dynamic flags other than FLEXIBLE
    setup.peer.write(request.bytes, request.handles);
    const reply = await within(setup.peer.read());
    expect(decodeMessageBody(decodeHeader(reply.bytes).body, reply.handles)).toEqual({ value: "flags!" });
    setup.peer.close();
    await within(setup.served);
  });

  it("closes on a bad magic number", async () => {
    const setup = startServer();
    const message = raw({ txid: 1, ordinal: TWO_WAY, body: { value: "x" }, magic: 0x02 });
    setup.peer.write(message.bytes);
    await expectTeardown(
      setup,
      "BAD_HEADER",
      "[ZX_ERR_PROTOCOL_NOT_SUPPORTED] test.dynsuite/Probe: unknown magic number 0x02",
    );
  });

  it("closes on a message shorter than a header", async () => {
    const setup = startServer();
    setup.peer.write(new Uint8Array(15));
    await expectTeardown(
      setup,
      "BAD_HEADER",
      "[ZX_ERR_INVALID_ARGS] test.dynsuite/Probe: message of 15 bytes is shorter than the 16-byte header",
    );
  });

  it("closes on a one-way request with a non-zero txid", async () => {
    const setup = startServer();
    setup.peer.write(raw({ txid: 5, ordinal: ONE_WAY, body: { value: "x" } }).bytes);
    await expectTeardown(
      setup,
      "UNEXPECTED_TXID",
      "[ZX_ERR_INVALID_ARGS] test.dynsuite/Probe.OneWay: request has txid 5; a one-way request carries txid 0",
    );
    expect(setup.probe.calls).toEqual([]);
  });

  it("closes on a two-way request with txid 0", async () => {
    const setup = startServer();
    setup.peer.write(raw({ txid: 0, ordinal: TWO_WAY, body: { value: "x" } }).bytes);
    await expectTeardown(
      setup,
      "UNEXPECTED_TXID",
      "[ZX_ERR_INVALID_ARGS] test.dynsuite/Probe.TwoWay: request has txid 0; a two-way request needs a non-zero txid",
    );
  });

  it("closes on a received epitaph", async () => {
    const setup = startServer();
    setup.peer.write(raw({ txid: 0, ordinal: EPITAPH_ORDINAL, body: ZxStatus.UNAVAILABLE }).bytes);
    await expectTeardown(
      setup,
      "UNEXPECTED_EPITAPH",
      "[ZX_ERR_INVALID_ARGS] test.dynsuite/Probe: received an epitaph; only servers send them",
    );
  });
});

describe("Server: request validation", () => {
  it("closes on a request that breaks its schema, naming method and field path, without calling the handler", async () => {
    const setup = startServer();
    setup.peer.write(raw({ txid: 9, ordinal: TWO_WAY, body: { value: "way too long" } }).bytes);
    await expectTeardown(
      setup,
      "DECODE_FAILED",
      "[ZX_ERR_INVALID_ARGS] test.dynsuite/Probe.TwoWay: request.value: too_big (string is longer than its bound of 8 UTF-8 bytes)",
    );
    expect(setup.probe.calls).toEqual([]);
  });

  it("closes on a body that is not msgpack, and closes the handles it carried", async () => {
    const setup = startServer();
    const bytes = new Uint8Array(HEADER_BYTES + 1);
    writeHeader(bytes, 9, TWO_WAY, false);
    bytes[HEADER_BYTES] = 0x81; // a one-entry map with no entry: truncated msgpack
    const [carried, carriedPeer] = Channel.create();
    setup.peer.write(bytes, [carried]);
    const error = await rejectionOf(setup.served);
    expect((error as FidlError).code).toBe("DECODE_FAILED");
    expect((error as FidlError).message).toMatch(/^\[ZX_ERR_INVALID_ARGS\] test\.dynsuite\/Probe\.TwoWay: request does not decode: /);
    expect(await closedStatus(carriedPeer)).toBe(ZxStatus.PEER_CLOSED);
    expect(await closedStatus(setup.peer)).toBe(ZxStatus.PEER_CLOSED);
    setup.peer.close();
    carriedPeer.close();
  });

  it("closes on a request whose handle count does not match its body", async () => {
    const setup = startServer();
    const [extra, extraPeer] = Channel.create();
    const message = raw({ txid: 4, ordinal: TWO_WAY, body: { value: "x" } });
    setup.peer.write(message.bytes, [extra]);
    await expectTeardown(
      setup,
      "DECODE_FAILED",
      "[ZX_ERR_BAD_HANDLE] test.dynsuite/Probe.TwoWay: request does not decode: [ZX_ERR_BAD_HANDLE] handle 0 is not referenced by the message body",
    );
    expect(await closedStatus(extraPeer)).toBe(ZxStatus.PEER_CLOSED);
    extraPeer.close();
  });
});

// RFC-0138: what a server does with an unknown ordinal, by openness, strictness and direction.
type Outcome = "close" | "handler" | "reply";
const unknownCases: Array<[Openness, "strict" | "flexible", "one-way" | "two-way", Outcome]> = [
  ["open", "strict", "one-way", "close"],
  ["open", "strict", "two-way", "close"],
  ["open", "flexible", "one-way", "handler"],
  ["open", "flexible", "two-way", "reply"],
  ["ajar", "strict", "one-way", "close"],
  ["ajar", "strict", "two-way", "close"],
  ["ajar", "flexible", "one-way", "handler"],
  ["ajar", "flexible", "two-way", "close"],
  ["closed", "strict", "one-way", "close"],
  ["closed", "strict", "two-way", "close"],
  ["closed", "flexible", "one-way", "close"],
  ["closed", "flexible", "two-way", "close"],
];

describe("Server: unknown ordinals", () => {
  it.each(unknownCases)("on a %s protocol, an unknown %s %s request → %s", async (openness, strictness, kind, outcome) => {
    const setup = startServer(openness);
    const txid = kind === "two-way" ? 77 : 0;
    const [carried, carriedPeer] = Channel.create();
    const message = raw({ txid, ordinal: UNKNOWN, flexible: strictness === "flexible", body: { h: carried } });
    setup.peer.write(message.bytes, message.handles);
    // Handles in an unknown message are closed whatever happens next.
    expect(await closedStatus(carriedPeer)).toBe(ZxStatus.PEER_CLOSED);
    carriedPeer.close();
    if (outcome === "close") {
      await expectTeardown(
        setup,
        "UNKNOWN_ORDINAL",
        `[ZX_ERR_NOT_SUPPORTED] ${PROBE_NAMES[openness]}: unknown ${strictness} ${kind} method ordinal ${UNKNOWN_HEX} on a ${openness} protocol`,
      );
      expect(setup.probe.unknown).toEqual([]);
      return;
    }
    if (outcome === "reply") {
      const reply = await within(setup.peer.read());
      expect(headerOf(reply.bytes)).toEqual({ txid: 77, flags: 0x80, magic: 1, ordinal: UNKNOWN });
      expect(decodeMessageBody(decodeHeader(reply.bytes).body, reply.handles)).toEqual({ framework_err: -2 });
    }
    // The channel stays usable and the handler saw the interaction.
    expect(await roundTrip(setup.peer)).toEqual({ value: "ping!" });
    expect(setup.probe.unknown).toEqual([{ ordinal: UNKNOWN, kind }]);
    expect(setup.log.errors).toEqual([]);
    setup.peer.close();
    await within(setup.served);
  });

  it("treats an event ordinal sent as a request as unknown", async () => {
    const setup = startServer("open");
    setup.peer.write(raw({ txid: 0, ordinal: ON_EVENT, body: { value: "x" } }).bytes);
    await expectTeardown(
      setup,
      "UNKNOWN_ORDINAL",
      `[ZX_ERR_NOT_SUPPORTED] test.dynsuite/OpenProbe: unknown strict one-way method ordinal 0x${ON_EVENT.toString(16).padStart(16, "0")} on a open protocol`,
    );
  });
});

/** A Blob request body whose whole message is exactly `size` bytes. */
function blobOfSize(size: number, grow = 0): { data: string; grow: number } {
  let length = size - HEADER_BYTES - 20;
  for (;;) {
    const request = { data: "d".repeat(length), grow };
    const bytes = encodeMessage(1, BLOB, false, request).bytes.byteLength;
    if (bytes === size) return request;
    length += size - bytes;
  }
}

describe("message size limits", () => {
  it("carries a request and a reply of exactly 65,536 bytes", async () => {
    const { client, server } = pair();
    const probe = probeClient(client, "closed");
    const served = probeServer(server, "closed").serve();
    const request = blobOfSize(MAX_MESSAGE_BYTES);
    expect(encodeMessage(1, BLOB, false, request).bytes.byteLength).toBe(65_536);
    expect(await within(probe.blob(request))).toEqual({ data: request.data });
    probe.$close();
    await within(served);
  });

  it("rejects a request one byte over the limit with OUT_OF_RANGE, writing nothing, and keeps the client usable", async () => {
    const { client, server } = pair();
    const probe = probeClient(client, "closed");
    const error = await rejectionOf(probe.blob(blobOfSize(MAX_MESSAGE_BYTES + 1)));
    expect(error).toBeInstanceOf(FidlError);
    expect((error as FidlError).code).toBe("WRITE_FAILED");
    expect((error as FidlError).message).toBe(
      "[ZX_ERR_OUT_OF_RANGE] test.dynsuite/Probe.Blob: request not written: [ZX_ERR_OUT_OF_RANGE] message of 65537 bytes exceeds 65536",
    );
    expect(server.pendingMessages).toBe(0);
    const served = probeServer(server, "closed").serve();
    expect(await within(probe.twoWay({ value: "still" }))).toEqual({ value: "still!" });
    probe.$close();
    await within(served);
  });

  it("fails the server when its reply would be one byte over the limit; the caller sees PEER_CLOSED", async () => {
    const { client, server } = pair();
    const probe = probeClient(client, "closed");
    const log = errorLog();
    const served = probeServer(server, "closed", { onError: log.onError }).serve();
    // A request that fits, whose reply (data plus `grow` characters, without the `grow` field)
    // is exactly one byte over.
    const { data } = blobOfSize(MAX_MESSAGE_BYTES - 8);
    const replySize = (grow: number) => encodeMessage(1, BLOB, false, { data: data + "x".repeat(grow) }).bytes.byteLength;
    let grow = 0;
    while (replySize(grow) < MAX_MESSAGE_BYTES + 1) grow++;
    expect(replySize(grow)).toBe(MAX_MESSAGE_BYTES + 1);
    const grown = { data, grow };
    const error = await rejectionOf(probe.blob(grown));
    expect((error as FidlError).status).toBe(ZxStatus.PEER_CLOSED);
    const failure = await rejectionOf(served);
    expect((failure as FidlError).code).toBe("WRITE_FAILED");
    expect((failure as FidlError).status).toBe(ZxStatus.OUT_OF_RANGE);
    expect(log.errors).toEqual([failure]);
  });
});

function startClient(openness: Openness = "closed") {
  const { client, server } = pair();
  const log = errorLog();
  const probe = probeClient(client, openness, { onError: log.onError });
  return { peer: server, probe, log, openness };
}

/** Expects `call` to fail with `code`/`message`, the violation reported once, the channel closed. */
async function expectClientTeardown(
  setup: ReturnType<typeof startClient>,
  call: Promise<unknown>,
  code: string,
  message: string,
): Promise<void> {
  const error = await rejectionOf(call);
  expect(error).toBeInstanceOf(FidlError);
  expect((error as FidlError).code).toBe(code);
  expect((error as FidlError).message).toBe(message);
  expect(setup.log.errors.map((e) => e.code)).toEqual([code]);
  expect(((await rejectionOf(setup.probe.twoWay({ value: "later" }))) as FidlError).code).toBe(code);
  expect(await closedStatus(setup.peer)).toBe(ZxStatus.PEER_CLOSED);
  setup.peer.close();
}

describe("Client: responses and events that break the rules", () => {
  it("tears down on a response whose txid matches no pending call", async () => {
    const setup = startClient();
    const call = setup.probe.twoWay({ value: "a" });
    setup.peer.write(raw({ txid: 99, ordinal: TWO_WAY, body: { value: "?" } }).bytes);
    await expectClientTeardown(
      setup,
      call,
      "UNEXPECTED_TXID",
      "[ZX_ERR_INVALID_ARGS] test.dynsuite/Probe.TwoWay: response with txid 99 matches no pending call",
    );
  });

  it("tears down on a response whose ordinal is not its request's", async () => {
    const setup = startClient();
    const call = setup.probe.twoWay({ value: "a" });
    setup.peer.write(raw({ txid: 1, ordinal: BLOB, body: { data: "?" } }).bytes);
    const hex = (o: bigint) => `0x${o.toString(16).padStart(16, "0")}`;
    await expectClientTeardown(
      setup,
      call,
      "ORDINAL_MISMATCH",
      `[ZX_ERR_INVALID_ARGS] test.dynsuite/Probe.TwoWay: response with txid 1 has ordinal ${hex(BLOB)}, but its request TwoWay has ${hex(TWO_WAY)}`,
    );
  });

  it("tears down on an event with a non-zero txid", async () => {
    const setup = startClient();
    const call = setup.probe.twoWay({ value: "a" });
    setup.peer.write(raw({ txid: 5, ordinal: ON_EVENT, body: { value: "e" } }).bytes);
    await expectClientTeardown(
      setup,
      call,
      "UNEXPECTED_TXID",
      "[ZX_ERR_INVALID_ARGS] test.dynsuite/Probe.TwoWay: response with txid 5 matches no pending call",
    );
  });

  it("tears down on a bad magic number", async () => {
    const setup = startClient();
    const call = setup.probe.twoWay({ value: "a" });
    setup.peer.write(raw({ txid: 1, ordinal: TWO_WAY, body: { value: "a!" }, magic: 0 }).bytes);
    await expectClientTeardown(
      setup,
      call,
      "BAD_HEADER",
      "[ZX_ERR_PROTOCOL_NOT_SUPPORTED] test.dynsuite/Probe.TwoWay: unknown magic number 0x00",
    );
  });

  it("tears down on an epitaph whose body is not an int32", async () => {
    const setup = startClient();
    const call = setup.probe.twoWay({ value: "a" });
    setup.peer.write(raw({ txid: 0, ordinal: EPITAPH_ORDINAL, body: "not a status" }).bytes);
    await expectClientTeardown(
      setup,
      call,
      "DECODE_FAILED",
      "[ZX_ERR_INVALID_ARGS] test.dynsuite/Probe.TwoWay: epitaph body is not an int32 status",
    );
  });

  it("fails the call on a result union with two variants", async () => {
    const { client, server } = pair();
    const log = errorLog();
    const tester = new FlexibleMethodTesterClient(client, { onError: log.onError });
    const call = tester.someMethodWithError();
    const request = decodeHeader((await within(server.read())).bytes).header;
    server.write(raw({ txid: request.txid, ordinal: request.ordinal, flexible: true, body: { response: { value: 1 }, err: 2 } }).bytes);
    const error = await rejectionOf(call);
    expect((error as FidlError).message).toBe(
      "[ZX_ERR_INVALID_ARGS] fuchsia.controller.test/FlexibleMethodTester.SomeMethodWithError: result: expected exactly one of response, err, framework_err; got {response, err}",
    );
    server.close();
  });

  it("fails the call on a framework error for a strict method", async () => {
    const { client, server } = pair();
    const log = errorLog();
    const testing = new TestingClient(client, { onError: log.onError });
    const call = testing.maybeFail({ status: ZxStatus.OK });
    const request = decodeHeader((await within(server.read())).bytes).header;
    expect(request.ordinal).toBe(TestingProtocol.methods.find((m) => m.name === "MaybeFail")!.ordinal);
    server.write(raw({ txid: request.txid, ordinal: request.ordinal, body: { framework_err: -2 } }).bytes);
    const error = await rejectionOf(call);
    expect((error as FidlError).code).toBe("DECODE_FAILED");
    expect((error as FidlError).message).toBe(
      "[ZX_ERR_INVALID_ARGS] fuchsia.controller.test/Testing.MaybeFail: result.framework_err: a strict method cannot return a framework error",
    );
    server.close();
  });
});

// RFC-0138 for clients: an unknown flexible event on an open or ajar protocol goes to the
// unknown-event handler; anything else unknown closes.
const unknownEventCases: Array<[Openness, "strict" | "flexible", "handler" | "close"]> = [
  ["open", "flexible", "handler"],
  ["open", "strict", "close"],
  ["ajar", "flexible", "handler"],
  ["ajar", "strict", "close"],
  ["closed", "flexible", "close"],
  ["closed", "strict", "close"],
];

describe("Client: unknown events", () => {
  it.each(unknownEventCases)("on a %s protocol, an unknown %s event → %s", async (openness, strictness, outcome) => {
    const setup = startClient(openness);
    const handler = probeEventHandler(setup.probe, setup.openness);
    const served = handler.serve();
    const [carried, carriedPeer] = Channel.create();
    const message = raw({ txid: 0, ordinal: UNKNOWN, flexible: strictness === "flexible", body: { h: carried } });
    setup.peer.write(message.bytes, message.handles);
    setup.peer.write(raw({ txid: 0, ordinal: ON_EVENT, body: { value: "known" } }).bytes);
    expect(await closedStatus(carriedPeer)).toBe(ZxStatus.PEER_CLOSED);
    carriedPeer.close();
    if (outcome === "close") {
      const error = await rejectionOf(served);
      expect((error as FidlError).message).toBe(
        `[ZX_ERR_NOT_SUPPORTED] ${PROBE_NAMES[openness]}: ${strictness} event with unknown ordinal ${UNKNOWN_HEX} on a ${openness} protocol`,
      );
      expect(setup.log.errors).toHaveLength(1);
      expect(handler.seen).toEqual([]);
      expect(await closedStatus(setup.peer)).toBe(ZxStatus.PEER_CLOSED);
      setup.peer.close();
      return;
    }
    setup.peer.close();
    await within(served);
    expect(handler.seen).toEqual([{ ordinal: UNKNOWN, kind: "event" }, { value: "known" }]);
    expect(setup.log.errors).toEqual([]);
  });

  it("tears down on an event that breaks its schema", async () => {
    const setup = startClient();
    const handler = probeEventHandler(setup.probe, setup.openness);
    const served = handler.serve();
    setup.peer.write(raw({ txid: 0, ordinal: ON_EVENT, body: { value: 1 } }).bytes);
    const error = await rejectionOf(served);
    expect((error as FidlError).message).toBe(
      "[ZX_ERR_INVALID_ARGS] test.dynsuite/Probe.OnEvent: event.value: invalid_type (expected a string)",
    );
    await settle();
    setup.peer.close();
  });
});
