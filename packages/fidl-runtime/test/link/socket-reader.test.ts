// The link reads whole binary frames from the TCP socket ahead of ws: for any stream of frames,
// cut into reads anywhere, what comes out (messages, pings, pongs, errors, replies) must be
// exactly what ws alone makes of it.
import { Buffer } from "node:buffer";
import { Duplex } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as ws from "ws";
import { readWholeFramesAhead } from "../../src/link/socket-reader.ts";
import { linkPair, text, utf8, within } from "./helpers.ts";

interface FrameSpec {
  readonly opcode: number;
  readonly fin: boolean;
  readonly payload: Buffer;
  /** The masking key: absent for an unmasked frame. */
  readonly key?: Buffer;
}

/** ws's own encoding of a frame, as one buffer. */
function encode(frame: FrameSpec): Buffer {
  // ws exports Sender at run time; its type definitions do not declare it.
  const sender = (ws as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender;
  const key = frame.key;
  const options = {
    fin: frame.fin,
    opcode: frame.opcode,
    mask: key !== undefined,
    rsv1: false,
    readOnly: false,
    ...(key === undefined ? {} : { generateMask: (mask: Buffer) => key.copy(mask) }),
  };
  // ws masks a payload in place: give it a copy.
  return Buffer.concat(sender.frame(Buffer.from(frame.payload), options));
}

interface Endpoint {
  /** What the socket made of its input, in order. */
  readonly events: string[];
  /** The payloads the link's reader took (also in `events`, as ws would have emitted them). */
  readonly readAhead: string[];
  /** How many messages ws itself emitted. */
  readonly wsMessages: () => number;
  /** Bytes ws's reader holds. */
  readonly wsBufferedBytes: () => number;
  /** What it wrote back (pongs, close frames). */
  readonly written: Buffer[];
  feed(chunk: Buffer): void;
  /** Writes straight to ws's reader, as ws itself does with what is left when the socket closes. */
  write(chunk: Buffer): void;
  end(): void;
}

/** A ws WebSocket over an in-memory stream, as a server (frames arrive masked) or a client. */
function endpoint(isServer: boolean, maxPayload: number, withReader: boolean, synchronousEvents = true): Endpoint {
  const events: string[] = [];
  const readAhead: string[] = [];
  let wsMessages = 0;
  const written: Buffer[] = [];
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      written.push(Buffer.from(chunk));
      callback();
    },
  });
  // `new WebSocket(null)` is how ws builds a server's socket; setSocket attaches the stream.
  const socket = new ws.WebSocket(null as unknown as string, undefined, { autoPong: true });
  const internals = socket as unknown as {
    _isServer: boolean;
    _receiver: { _bufferedBytes: number; write(chunk: Buffer): boolean };
    setSocket(stream: Duplex, head: Buffer, options: object): void;
  };
  internals._isServer = isServer;
  internals.setSocket(stream, Buffer.alloc(0), {
    maxPayload,
    allowSynchronousEvents: synchronousEvents,
    generateMask: (mask: Buffer) => mask.fill(0),
  });
  socket.binaryType = "nodebuffer";
  socket.on("message", (data: Buffer, isBinary) => {
    wsMessages++;
    events.push(`${isBinary ? "binary" : "text"} ${data.toString("hex")}`);
  });
  socket.on("ping", (data) => events.push(`ping ${data.toString("hex")}`));
  socket.on("pong", (data) => events.push(`pong ${data.toString("hex")}`));
  socket.on("error", (error: Error & { code?: string }) => events.push(`error ${error.code}`));
  if (withReader) {
    const installed = readWholeFramesAhead(socket, (chunk, start, end) => {
      readAhead.push(chunk.toString("hex", start, end));
      events.push(`binary ${chunk.toString("hex", start, end)}`);
    });
    expect(installed).toBe(true);
  }
  return {
    events,
    readAhead,
    wsMessages: () => wsMessages,
    wsBufferedBytes: () => internals._receiver._bufferedBytes,
    written,
    feed: (chunk) => stream.emit("data", chunk),
    write: (chunk) => internals._receiver.write(chunk),
    end: () => socket.terminate(),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Feeds `bytes` cut at `cuts` to ws alone and to ws with the link's reader; both must agree. */
async function compare(isServer: boolean, maxPayload: number, bytes: Buffer, cuts: readonly number[], synchronousEvents = true): Promise<void> {
  const plain = endpoint(isServer, maxPayload, false, synchronousEvents);
  const ahead = endpoint(isServer, maxPayload, true, synchronousEvents);
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    if (to <= from) continue;
    // A chunk of its own for each, as a socket read hands it over (ws unmasks in place).
    const chunk = bytes.subarray(from, to);
    const copy = Buffer.from(chunk);
    plain.feed(Buffer.from(chunk));
    ahead.feed(copy);
    from = to;
    await tick();
  }
  // ws with events deferred emits one per turn.
  for (let turn = 0; turn < 12; turn++) await tick();
  expect(ahead.events).toEqual(plain.events);
  expect(Buffer.concat(ahead.written).toString("hex")).toBe(Buffer.concat(plain.written).toString("hex"));
  plain.end();
  ahead.end();
}

const zeroKey = Buffer.alloc(4);

/** A frame a peer may send: mostly what links send, plus everything else ws must still see. */
function frameArbitrary(isServer: boolean): fc.Arbitrary<FrameSpec[]> {
  const key: fc.Arbitrary<Buffer | undefined> = isServer
    ? fc.oneof(
        { weight: 4, arbitrary: fc.constant(zeroKey) },
        { weight: 1, arbitrary: fc.uint8Array({ minLength: 4, maxLength: 4 }).map((bytes) => Buffer.from(bytes)) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      )
    : fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(zeroKey) });
  const bytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((array) => Buffer.from(array));
  const sized = fc.oneof(
    { weight: 6, arbitrary: bytes(140) },
    { weight: 1, arbitrary: fc.constantFrom(125, 126, 65_535, 65_536, 70_000).map((length) => Buffer.alloc(length, length & 0xff)) },
  );
  const one = (opcode: number, payload: fc.Arbitrary<Buffer>) =>
    fc.record({ payload, key }).map(({ payload, key }): FrameSpec[] => [{ opcode, fin: true, payload, ...(key === undefined ? {} : { key }) }]);
  const fragmented = fc
    .record({ parts: fc.array(bytes(40), { minLength: 2, maxLength: 4 }), key, ping: fc.boolean() })
    .map(({ parts, key, ping }): FrameSpec[] => {
      const keyed = key === undefined ? {} : { key };
      const frames = parts.map((payload, i): FrameSpec => ({ opcode: i === 0 ? 2 : 0, fin: i === parts.length - 1, payload, ...keyed }));
      // A control frame may come between the fragments of a message.
      if (ping) frames.splice(1, 0, { opcode: 9, fin: true, payload: Buffer.from("p"), ...keyed });
      return frames;
    });
  // A protocol error: a new message before the fragmented one ended.
  const interrupted = fc.record({ first: bytes(10), second: bytes(10), key }).map(({ first, second, key }): FrameSpec[] => {
    const keyed = key === undefined ? {} : { key };
    return [
      { opcode: 2, fin: false, payload: first, ...keyed },
      { opcode: 2, fin: true, payload: second, ...keyed },
    ];
  });
  return fc.oneof(
    { weight: 8, arbitrary: one(2, sized) },
    { weight: 1, arbitrary: interrupted },
    { weight: 1, arbitrary: one(1, fc.string({ maxLength: 20 }).map((text) => Buffer.from(text))) },
    { weight: 1, arbitrary: one(9, bytes(20)) },
    { weight: 1, arbitrary: one(10, bytes(20)) },
    { weight: 1, arbitrary: fragmented },
    { weight: 1, arbitrary: one(8, fc.constant(Buffer.from([0x03, 0xe8]))) },
  );
}

describe("readWholeFramesAhead", () => {
  it.each([
    ["server", true],
    ["client", false],
  ])("makes of any stream of frames, read in any pieces, what ws makes of it (%s side, property)", async (_side, isServer) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(frameArbitrary(isServer), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom(0, 100, 65_536),
        async (messages, cuts, maxPayload) => {
          const bytes = Buffer.concat(messages.flat().map(encode));
          await compare(isServer, maxPayload, bytes, cuts);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("reads whole frames itself and leaves ws idle", async () => {
    const side = endpoint(true, 0, true);
    side.feed(
      Buffer.concat([
        encode({ opcode: 2, fin: true, payload: Buffer.from([1, 2, 3]), key: zeroKey }),
        encode({ opcode: 2, fin: true, payload: Buffer.alloc(300, 7), key: zeroKey }),
      ]),
    );
    expect(side.readAhead).toEqual(["010203", "07".repeat(300)]);
    // Read in place; ws saw nothing.
    expect(side.wsMessages()).toBe(0);
    expect(side.wsBufferedBytes()).toBe(0);
    side.end();
  });

  it("puts a frame that spans reads together itself, then reads on", async () => {
    const large = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff));
    const bytes = Buffer.concat([
      encode({ opcode: 2, fin: true, payload: large, key: zeroKey }),
      encode({ opcode: 2, fin: true, payload: Buffer.from([4, 5]), key: zeroKey }),
    ]);
    const side = endpoint(true, 0, true);
    for (const [from, to] of [
      [0, 30_000],
      [30_000, 65_536],
      [65_536, bytes.length],
    ] as const) {
      side.feed(Buffer.from(bytes.subarray(from, to)));
    }
    expect(side.readAhead).toEqual([large.toString("hex"), "0405"]);
    expect(side.wsMessages()).toBe(0);
    expect(side.wsBufferedBytes()).toBe(0);
    side.end();
    // A read that ends inside the frame's header leaves the frame to ws, with the same outcome.
    await compare(true, 0, bytes, [3, 65_536]);
  });

  it("leaves a frame too large to put together in advance to ws", async () => {
    const huge = encode({ opcode: 2, fin: true, payload: Buffer.alloc((1 << 20) + 1, 3), key: zeroKey });
    const side = endpoint(true, 0, true);
    side.feed(Buffer.from(huge.subarray(0, 1000)));
    side.feed(Buffer.from(huge.subarray(1000)));
    expect(side.readAhead).toEqual([]);
    expect(side.wsMessages()).toBe(1);
    side.end();
  });

  it("reads nothing after a close frame or an error, as ws does not", async () => {
    for (const first of [
      encode({ opcode: 8, fin: true, payload: Buffer.from([0x03, 0xe8]), key: zeroKey }),
      // Unmasked, to a server: a protocol error.
      encode({ opcode: 2, fin: true, payload: Buffer.from([1]) }),
    ]) {
      const side = endpoint(true, 0, true);
      side.feed(first);
      // Data the socket still holds as it closes reaches the reader in the same turn (ws's socketOnClose).
      side.write(encode({ opcode: 2, fin: true, payload: Buffer.from([9]), key: zeroKey }));
      await tick();
      expect(side.readAhead).toEqual([]);
      expect(side.wsMessages()).toBe(0);
      side.end();
    }
  });

  it("hands ws a read that starts inside a frame's payload, even one that looks like a frame", async () => {
    // The outer frame's payload is itself a whole frame; the read is cut right after its header.
    const inner = encode({ opcode: 2, fin: true, payload: Buffer.from([5, 6]), key: zeroKey });
    const outer = encode({ opcode: 2, fin: true, payload: inner, key: zeroKey });
    await compare(true, 0, outer, [6]);
  });

  it("agrees with ws when ws defers its events (allowSynchronousEvents off)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frameArbitrary(true), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), async (messages, cuts) => {
        await compare(true, 0, Buffer.concat(messages.flat().map(encode)), cuts, false);
      }),
      { numRuns: 60 },
    );
  });

  it("is what a link reads its peer's frames with, both ways, large and small", async () => {
    // A client link to loopback sends with the zero key, as connect() makes it do.
    const pair = await linkPair({ client: { zeroMaskKey: true } });
    try {
      let wsMessages = 0;
      for (const socket of [pair.serverSocket, pair.clientSocket]) socket.on("message", () => wsMessages++);
      for (const size of [1, 200, 65_000]) {
        const sent = "x".repeat(size);
        pair.client.bootstrap.write(utf8(sent));
        expect(text((await within(pair.server.bootstrap.read(), `${size} bytes`)).bytes)).toBe(sent);
        pair.server.bootstrap.write(utf8(sent));
        expect(text((await within(pair.client.bootstrap.read(), `${size} bytes back`)).bytes)).toBe(sent);
      }
      // Not even the 65,000-byte frames, which may span reads.
      expect(wsMessages).toBe(0);
      expect(pair.serverErrors).toEqual([]);
      expect(pair.clientErrors).toEqual([]);
    } finally {
      await pair.close();
    }
  });

  it("leaves a socket whose reader is not ws's alone", () => {
    const socket = { _receiver: { write: () => true } } as unknown as ws.WebSocket;
    expect(readWholeFramesAhead(socket, () => {})).toBe(false);
    expect(readWholeFramesAhead({} as ws.WebSocket, () => {})).toBe(false);
  });
});
