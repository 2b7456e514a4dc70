// fast-check properties shared by the fuzz tests and `pnpm fuzz`: random FIDL messages (real or
// damaged headers; bodies that are random bytes or random msgpack values shaped like the
// protocol's payloads) sent to generated servers and clients never crash the process, never
// leave a call pending, and only ever fail with a ZxError.
import fc from "fast-check";
import { FidlError } from "../../src/bindings/errors.ts";
import { Server } from "../../src/bindings/server.ts";
import type { ProtocolDescriptor } from "../../src/bindings/protocol.ts";
import { Channel } from "../../src/channel/channel.ts";
import { bodyCodec } from "../../src/wire/codec.ts";
import { HEADER_BYTES, writeHeader } from "../../src/wire/header.ts";
import { ZxError } from "../../src/zx/error.ts";
import { EchoClient, EchoLauncherProtocol, EchoProtocol } from "../generated/fuchsia.examples.ts";
import { FlexibleMethodTesterProtocol, NoopProtocol, TestingProtocol } from "../generated/fuchsia.controller.test.ts";

const protocols: ProtocolDescriptor[] = [EchoProtocol, EchoLauncherProtocol, NoopProtocol, TestingProtocol, FlexibleMethodTesterProtocol];

/** Values msgpackr can carry, with the field names real payloads use so schemas get exercised. */
const fieldNames = ["value", "response", "echo_prefix", "request", "err", "framework_err", "a", "b", "s", "t"];
const leaf = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
  fc.boolean(),
  fc.constant(null),
  fc.uint8Array({ maxLength: 16 }),
);
const payload = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, tie("object"), fc.array(tie("value"), { maxLength: 3 })),
  object: fc.dictionary(fc.constantFrom(...fieldNames), tie("value"), { maxKeys: 3 }),
})).value;

/** A message: a header with any txid, a known or random ordinal, any flags and magic; any body. */
function messageArbitrary(protocol: ProtocolDescriptor) {
  const ordinals = protocol.methods.map((m) => m.ordinal);
  return fc
    .record({
      txid: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 0xffff_ffff })),
      ordinal: fc.oneof(fc.constantFrom(...ordinals), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
      dynamicFlags: fc.oneof(fc.constant(0), fc.constant(0x80), fc.integer({ min: 0, max: 255 })),
      magic: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
      body: fc.oneof(
        payload.map((value) => bodyCodec.pack(value) as Uint8Array),
        fc.uint8Array({ maxLength: 64 }),
      ),
      truncate: fc.oneof({ weight: 9, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat({ max: 20 }) }),
    })
    .map(({ txid, ordinal, dynamicFlags, magic, body, truncate }) => {
      const bytes = new Uint8Array(HEADER_BYTES + body.byteLength);
      writeHeader(bytes, txid, ordinal, false);
      bytes[6] = dynamicFlags;
      bytes[7] = magic;
      bytes.set(body, HEADER_BYTES);
      return truncate >= 0 ? bytes.subarray(0, Math.min(truncate, bytes.byteLength)) : bytes;
    });
}

/** A server for any descriptor whose handlers answer with whatever the request was. */
class MirrorServer extends Server {
  constructor(channel: Channel, protocol: ProtocolDescriptor, onError: (error: FidlError) => void) {
    super(channel, protocol, { onError });
    for (const method of protocol.methods) {
      (this as unknown as Record<string, unknown>)[method.jsName] = (request: unknown) => request;
    }
  }
}

function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} still pending after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function checkIsZxError(error: unknown, where: string): void {
  if (!(error instanceof ZxError)) throw new Error(`${where} failed with a non-ZxError: ${String(error)}`);
}

/**
 * Random messages into a generated-protocol server: `serve()` settles once the client end closes
 * (resolving, or rejecting with a ZxError), and `onError` only ever sees FidlErrors.
 */
export const serverMessagesProperty = fc.asyncProperty(
  fc.constantFrom(...protocols).chain((protocol) =>
    fc.tuple(fc.constant(protocol), fc.array(messageArbitrary(protocol), { minLength: 1, maxLength: 4 })),
  ),
  async ([protocol, messages]) => {
    const [client, server] = Channel.create();
    const errors: unknown[] = [];
    const served = new MirrorServer(server, protocol, (error) => errors.push(error)).serve();
    for (const bytes of messages) {
      try {
        client.write(bytes);
      } catch (error) {
        checkIsZxError(error, "write"); // the server already closed: PEER_CLOSED
      }
    }
    client.close();
    await settleWithin(served, 2_000, "serve()").catch((error: unknown) => checkIsZxError(error, "serve()"));
    for (const error of errors) if (!(error instanceof FidlError)) throw new Error(`onError got ${String(error)}`);
  },
);

/**
 * Random messages into a generated client with a call pending: the call settles (with a value
 * or a ZxError) once the server end closes; nothing is left pending.
 */
export const clientMessagesProperty = fc.asyncProperty(
  fc.array(messageArbitrary(EchoProtocol), { minLength: 1, maxLength: 4 }),
  async (messages) => {
    const [client, server] = Channel.create();
    const errors: unknown[] = [];
    const echo = new EchoClient(client, { onError: (error) => errors.push(error) });
    const call = echo.echoString({ value: "fuzz" }).then(
      () => undefined,
      (error: unknown) => checkIsZxError(error, "the pending call"),
    );
    for (const bytes of messages) {
      try {
        server.write(bytes);
      } catch (error) {
        checkIsZxError(error, "write");
      }
    }
    server.close();
    await settleWithin(call, 2_000, "the pending call");
    for (const error of errors) if (!(error instanceof FidlError)) throw new Error(`onError got ${String(error)}`);
  },
);
