// The ten behaviours Fuchsia Controller's tests check (fidl-facts.md), against the bindings
// generated from test/fidl/*.fidl, over an in-process channel pair and over the WebSocket link to
// a child process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/channel.ts";
import { FidlError } from "../../src/bindings/errors.ts";
import { DomainError, FrameworkError } from "../../src/bindings/result.ts";
import { StopEventHandler, StopServer } from "../../src/bindings/stop.ts";
import type { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import {
  type EchoEchoStringRequest,
  type EchoEchoStringResponse,
  EchoClient,
  EchoLauncherClient,
  type EchoLauncherGetEchoPipelinedRequest,
  type EchoLauncherGetEchoRequest,
  type EchoLauncherGetEchoResponse,
  EchoLauncherServer,
  EchoServer,
} from "../generated/fuchsia.examples.ts";
import {
  type ComposerThing_ReturnTableUnion_Response,
  ExampleEventsClient,
  ExampleEventsEventHandler,
  type ExampleEventsOnFirstRequest,
  FlexibleMethodTesterClient,
  type FlexibleMethodTester_SomeMethodWithResponse_Response,
  FlexibleMethodTesterServer,
  type NoopTable,
  NoopClient,
  type NoopDoHandleNoopRequest,
  NoopServer,
  ReaderClient,
  type ReaderNextResponse,
  ReaderServer,
  type ReadTesterReadAllRequest,
  ReadTesterClient,
  ReadTesterServer,
  type Settings,
  SomeBits,
  TestingClient,
  type TestingReturnOtherUnionResponse,
  type TestingReturnUnionResponse,
  TestingServer,
} from "../generated/fuchsia.controller.test.ts";
import { errorLog, rejectionOf, settle, within } from "./fixtures/helpers.ts";
import { ExampleEventsSender, PrefixEchoServer } from "./fixtures/servers.ts";
import { inProcess, overLink, type Transport } from "./fixtures/transports.ts";

class AsyncEchoServer extends EchoServer {
  async echoString(request: EchoEchoStringRequest): Promise<EchoEchoStringResponse> {
    await settle();
    return { response: request.value };
  }
  sendString(): void {}
}

describe.each<Transport>([inProcess, overLink()])("over $name", (transport) => {
  beforeAll(() => transport.setup(), 20_000);
  afterAll(() => transport.teardown());

  describe("1. sync and async handlers", () => {
    it("answers 12 sequential calls from a sync handler", async () => {
      const { client, server } = await transport.pair();
      const echo = new EchoClient(client);
      const served = new PrefixEchoServer(server).serve();
      for (let i = 0; i < 12; i++) {
        expect(await within(echo.echoString({ value: `sync ${i}` }))).toEqual({ response: `sync ${i}` });
      }
      echo.$close();
      await within(served);
    });

    it("answers 12 sequential calls from an async handler", async () => {
      const { client, server } = await transport.pair();
      const echo = new EchoClient(client);
      const served = new AsyncEchoServer(server).serve();
      for (let i = 0; i < 12; i++) {
        expect(await within(echo.echoString({ value: `async ${i}` }))).toEqual({ response: `async ${i}` });
      }
      echo.$close();
      await within(served);
    });
  });

  describe("2. epitaph propagation", () => {
    it("fails three calls in different states, and a later one, with the epitaph's status", async () => {
      const { client, server } = await transport.pair();
      const echo = new EchoClient(client);
      let entered!: () => void;
      const inHandler = new Promise<void>((resolve) => {
        entered = resolve;
      });
      class ClosingServer extends EchoServer {
        echoString(request: EchoEchoStringRequest): Promise<EchoEchoStringResponse> | EchoEchoStringResponse {
          if (request.value === "wait") {
            entered();
            return new Promise(() => {}); // never answers: the call is mid-handler at the epitaph
          }
          this.closeWithEpitaph(ZxStatus.NOT_SUPPORTED);
          return { response: "dropped" };
        }
        sendString(): void {}
      }
      const served = new ClosingServer(server).serve();
      const inHandlerCall = echo.echoString({ value: "wait" }); // state 1: its handler is running
      await within(inHandler);
      const triggeringCall = echo.echoString({ value: "close" }); // state 2: read, never answered
      const unreadCall = echo.echoString({ value: "unread" }); // state 3: written, never read
      for (const call of [inHandlerCall, triggeringCall, unreadCall]) {
        const error = await rejectionOf(call);
        expect(error).toBeInstanceOf(FidlError);
        expect((error as FidlError).status).toBe(ZxStatus.NOT_SUPPORTED);
        expect((error as FidlError).code).toBe("EPITAPH");
        expect((error as FidlError).message).toBe(
          "[ZX_ERR_NOT_SUPPORTED] fuchsia.examples/Echo.EchoString: server closed the channel with epitaph ZX_ERR_NOT_SUPPORTED",
        );
      }
      const later = await rejectionOf(echo.echoString({ value: "later" }));
      expect((later as ZxError).status).toBe(ZxStatus.NOT_SUPPORTED);
      await within(served);
    });
  });

  describe("3. a throwing server handler", () => {
    it("ends serve() with the thrown error, closes the channel, and fails the call with PEER_CLOSED", async () => {
      const { client, server } = await transport.pair();
      const echo = new EchoClient(client);
      const boom = new Error("boom");
      class ThrowingServer extends EchoServer {
        echoString(): EchoEchoStringResponse {
          throw boom;
        }
        sendString(): void {}
      }
      const log = errorLog();
      const served = new ThrowingServer(server, { onError: log.onError }).serve();
      const error = await rejectionOf(echo.echoString({ value: "x" }));
      expect((error as FidlError).status).toBe(ZxStatus.PEER_CLOSED);
      expect((error as FidlError).code).toBe("PEER_CLOSED");
      expect(await rejectionOf(served)).toBe(boom);
      expect(log.errors.map((e) => [e.code, e.method, e.cause])).toEqual([["HANDLER_FAILED", "EchoString", boom]]);
      expect(log.errors[0]!.message).toBe("[ZX_ERR_INTERNAL] fuchsia.examples/Echo.EchoString: handler threw: boom");
    });

    it("treats an unimplemented method the same way", async () => {
      const { client, server } = await transport.pair();
      const echo = new EchoClient(client);
      // A JS user (or a cast) can leave a handler out; it behaves like a throwing one.
      const Unimplemented = EchoServer as unknown as new (channel: Channel, options: object) => EchoServer;
      const log = errorLog();
      const served = new Unimplemented(server, { onError: log.onError }).serve();
      const error = await rejectionOf(echo.echoString({ value: "x" }));
      expect((error as FidlError).status).toBe(ZxStatus.PEER_CLOSED);
      const failure = await rejectionOf(served);
      expect(failure).toBeInstanceOf(FidlError);
      expect((failure as FidlError).code).toBe("NO_HANDLER");
      expect((failure as FidlError).message).toBe(
        "[ZX_ERR_NOT_SUPPORTED] fuchsia.examples/Echo.EchoString: no handler echoString() for this method",
      );
      expect(log.errors).toEqual([failure]);
    });
  });

  describe("4. iterator pattern", () => {
    it("reads a client_end sent in a one-way request until an empty batch, then stops with StopServer", async () => {
      const batches = [[1n, 2n], [3n], []];
      class Batches extends ReaderServer {
        next(): ReaderNextResponse {
          return { batch: batches.shift() ?? [] };
        }
      }
      const read: bigint[] = [];
      class ReadAll extends ReadTesterServer {
        async readAll(request: ReadTesterReadAllRequest): Promise<void> {
          const reader = new ReaderClient(request.reader);
          for (;;) {
            const { batch } = await reader.next();
            if (batch.length === 0) break;
            read.push(...batch);
          }
          reader.$close();
          throw new StopServer();
        }
      }
      const readTester = await transport.pair();
      const readTesterServed = new ReadAll(readTester.server).serve();
      const reader = await transport.pair();
      const readerServed = new Batches(reader.server).serve();
      new ReadTesterClient(readTester.client).readAll({ reader: reader.client });
      await within(readTesterServed);
      expect(read).toEqual([1n, 2n, 3n]);
      await within(readerServed); // the reader closed its Reader client: peer closed
    });
  });

  /** A Testing server whose handlers each test overrides as needed. */
  class BaseTesting extends TestingServer {
    maybeFail(): void {}
    returnTableUnion(): ComposerThing_ReturnTableUnion_Response {
      return { value: { number: 0 } };
    }
    returnUnion(): TestingReturnUnionResponse {
      return { y: { union_bool: false } };
    }
    returnOtherUnion(): TestingReturnOtherUnionResponse {
      return { y: { $unknown: { name: "unused", value: null } } };
    }
    returnSettings(request: Settings): Settings {
      return request;
    }
  }

  describe("5. domain and framework errors", () => {
    class Testing extends BaseTesting {
      override maybeFail(): DomainError<number> {
        return new DomainError(ZxStatus.NOT_FOUND);
      }
    }
    class Flexible extends FlexibleMethodTesterServer {
      someMethod(): FrameworkError {
        return FrameworkError.UNKNOWN_METHOD;
      }
      someMethodWithResponse(): FlexibleMethodTester_SomeMethodWithResponse_Response {
        return { value: "7" };
      }
      someMethodWithError(): void {}
      strictMethod(): void {}
      fireAndForget(): void {}
    }

    it("passes a domain error through verbatim as err, and unwrap() throws naming the error", async () => {
      const { client, server } = await transport.pair();
      const testing = new TestingClient(client);
      const served = new Testing(server).serve();
      const result = await within(testing.maybeFail({ status: ZxStatus.NOT_FOUND }));
      expect(result.kind).toBe("err");
      expect(result.err).toBe(ZxStatus.NOT_FOUND);
      expect(result.response).toBeUndefined();
      expect(result.frameworkErr).toBeUndefined();
      expect(() => result.unwrap()).toThrow("[ZX_ERR_INTERNAL] fuchsia.controller.test/Testing.MaybeFail: result error: -25");
      const thrown = await rejectionOf(testing.maybeFail({ status: ZxStatus.NOT_FOUND }).unwrap());
      expect((thrown as FidlError).code).toBe("DOMAIN_ERROR");
      expect(((thrown as FidlError).cause as DomainError<number>).error).toBe(ZxStatus.NOT_FOUND);
      testing.$close();
      await within(served);
    });

    it("passes a framework error through as frameworkErr, and unwrap() throws naming the framework error", async () => {
      const { client, server } = await transport.pair();
      const tester = new FlexibleMethodTesterClient(client);
      const served = new Flexible(server).serve();
      const result = await within(tester.someMethod());
      expect(result.kind).toBe("frameworkErr");
      expect(result.frameworkErr).toBe(-2);
      expect(() => result.unwrap()).toThrow(
        "[ZX_ERR_NOT_SUPPORTED] fuchsia.controller.test/FlexibleMethodTester.SomeMethod: result framework error: UNKNOWN_METHOD (-2)",
      );
      const thrown = await rejectionOf(tester.someMethod().unwrap());
      expect((thrown as FidlError).code).toBe("FRAMEWORK_ERROR");
      expect((thrown as FidlError).cause).toBe(FrameworkError.UNKNOWN_METHOD);
      expect(await within(tester.someMethodWithResponse().unwrap())).toEqual({ value: "7" });
      expect(await within(tester.someMethodWithError().unwrap())).toBeUndefined();
      tester.$close();
      await within(served);
    });
  });

  describe("6. unions and tables", () => {
    it("delivers a union, a table, and a union holding a table field for field", async () => {
      const table: NoopTable = { dub: 2.5, str: "s", union_field: { union_int: -5n }, integer: 1n << 62n };
      const received: unknown[] = [];
      class Testing extends BaseTesting {
        override returnUnion(): TestingReturnUnionResponse {
          return { y: { union_str: "why" } };
        }
        override returnTableUnion(): ComposerThing_ReturnTableUnion_Response {
          return { value: { table } };
        }
      }
      class Noop extends NoopServer {
        doStringNoop(request: unknown): void {
          received.push(request);
        }
        doIntNoop(request: unknown): void {
          received.push(request);
        }
        doTableNoop(request: unknown): void {
          received.push(request);
        }
        doHandleNoop(request: NoopDoHandleNoopRequest): void {
          received.push(request.server.isValid);
          request.server.close();
        }
        doVectorNoop(request: unknown): void {
          received.push(request);
        }
        doBitsNoop(request: unknown): void {
          received.push(request);
        }
        doNoop(): void {
          received.push("noop");
        }
      }
      const t = await transport.pair();
      const testing = new TestingClient(t.client);
      const testingServed = new Testing(t.server).serve();
      expect(await within(testing.returnUnion())).toEqual({ y: { union_str: "why" } });
      expect(await within(testing.returnTableUnion().unwrap())).toEqual({ value: { table } });
      expect(await within(testing.maybeFail({ status: ZxStatus.OK }).unwrap())).toBeUndefined();

      const n = await transport.pair();
      const noop = new NoopClient(n.client);
      const noopServed = new Noop(n.server).serve();
      const [handleEnd] = Channel.create();
      await within(noop.doStringNoop({ value: "str" }));
      await within(noop.doIntNoop({ value: -7 }));
      await within(noop.doTableNoop({ str: "only str" }));
      await within(noop.doHandleNoop({ server: handleEnd }));
      await within(noop.doVectorNoop({ value: ["a", "b"] }));
      await within(noop.doBitsNoop({ value: SomeBits.FOO }));
      expect(await within(noop.doNoop())).toBeUndefined();
      expect(received).toEqual([
        { value: "str" },
        { value: -7 },
        { str: "only str" },
        true,
        { value: ["a", "b"] },
        { value: 0x8000_0000_0000_0000n },
        "noop",
      ]);
      testing.$close();
      noop.$close();
      await within(Promise.all([testingServed, noopServed]));
    });
  });

  describe("7. events", () => {
    it("delivers an event sent before the handler started", async () => {
      const { client, server } = await transport.pair();
      const events = new ExampleEventsClient(client);
      const sender = new ExampleEventsSender(server);
      sender.sendOnFirst({ message: "early" });
      await settle(); // the event is now queued in the client, with no handler yet
      const seen: string[] = [];
      class Handler extends ExampleEventsEventHandler {
        onFirst(payload: ExampleEventsOnFirstRequest): void {
          seen.push(payload.message);
        }
        onSecond(): void {
          throw new StopEventHandler();
        }
        onComplex(): void {}
      }
      const served = new Handler(events).serve();
      sender.sendOnSecond();
      await within(served);
      expect(seen).toEqual(["early"]);
      expect(events.$isClosed).toBe(false); // stopping the handler leaves the client open
      events.$close();
      sender.$close();
    });

    it("ends serve() when a handler throws StopEventHandler", async () => {
      const { client, server } = await transport.pair();
      const events = new ExampleEventsClient(client);
      const sender = new ExampleEventsSender(server);
      const seen: string[] = [];
      class Handler extends ExampleEventsEventHandler {
        async onFirst(payload: ExampleEventsOnFirstRequest): Promise<void> {
          await settle();
          seen.push(payload.message);
          if (payload.message === "stop") throw new StopEventHandler();
        }
        onSecond(): void {}
        onComplex(): void {}
      }
      const served = new Handler(events).serve();
      sender.sendOnFirst({ message: "one" });
      sender.sendOnFirst({ message: "stop" });
      sender.sendOnFirst({ message: "after" });
      await within(served);
      expect(seen).toEqual(["one", "stop"]);
      events.$close();
      sender.$close();
    });

    it("ends serve() normally when the client's channel is already closed", async () => {
      const { client, server } = await transport.pair();
      const events = new ExampleEventsClient(client);
      server.close();
      await settle();
      class Handler extends ExampleEventsEventHandler {
        onFirst(): void {}
        onSecond(): void {}
        onComplex(): void {}
      }
      await within(new Handler(events).serve());
      expect(events.$isClosed).toBe(true);
    });
  });

  describe("8. request timing", () => {
    it("writes the request when the method is called, before it is awaited", async () => {
      const { client, server } = await transport.pair();
      const written: number[] = [];
      const write = client.write.bind(client);
      client.write = (bytes, handles) => {
        written.push(bytes.byteLength);
        write(bytes, handles);
      };
      const echo = new EchoClient(client);
      const call = echo.echoString({ value: "now" });
      echo.sendString({ value: "one-way" });
      // Both went into the channel before anything was awaited (over the link a quiet link may
      // have taken the first from its local end already, so count the writes, not the queue).
      expect(written).toHaveLength(2);
      // Over the link both cross to the child process and back, which takes real time on a busy
      // machine: poll for them with a time bound rather than a count of event-loop turns.
      const deadline = Date.now() + 2_000;
      while (server.pendingMessages < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
      expect(server.pendingMessages).toBe(2);
      const served = new PrefixEchoServer(server).serve();
      expect(await within(call)).toEqual({ response: "now" });
      echo.$close();
      await within(served);
    });
  });

  describe("9. channels", () => {
    it("reads what was written, and fails a write to a closed peer with PEER_CLOSED", async () => {
      const [a, b] = Channel.create();
      a.write(new Uint8Array([1, 2, 3]));
      expect(Array.from((await within(b.read())).bytes)).toEqual([1, 2, 3]);
      b.close();
      expect(() => a.write(new Uint8Array([4]))).toThrow(expect.objectContaining({ status: ZxStatus.PEER_CLOSED }));
      a.close();
    });

    class Launcher extends EchoLauncherServer {
      readonly servers: Promise<void>[] = [];
      getEcho(request: EchoLauncherGetEchoRequest): EchoLauncherGetEchoResponse {
        const [clientEnd, serverEnd] = Channel.create();
        this.servers.push(new PrefixEchoServer(serverEnd, request.echo_prefix).serve());
        return { response: clientEnd };
      }
      getEchoPipelined(request: EchoLauncherGetEchoPipelinedRequest): void {
        this.servers.push(new PrefixEchoServer(request.request, request.echo_prefix).serve());
      }
    }

    it("keeps an endpoint returned in a response connected to its peer (GetEcho)", async () => {
      const { client, server } = await transport.pair();
      const launcher = new EchoLauncherClient(client);
      const impl = new Launcher(server);
      const served = impl.serve();
      const { response } = await within(launcher.getEcho({ echo_prefix: "got: " }));
      const echo = new EchoClient(response);
      expect(await within(echo.echoString({ value: "hi" }))).toEqual({ response: "got: hi" });
      echo.$close();
      launcher.$close();
      await within(Promise.all([served, ...impl.servers]));
    });

    it("lets a client use its end before the server end has arrived (GetEchoPipelined)", async () => {
      const { client, server } = await transport.pair();
      const launcher = new EchoLauncherClient(client);
      const [echoClientEnd, echoServerEnd] = Channel.create();
      const echo = new EchoClient(echoClientEnd);
      const call = echo.echoString({ value: "pipelined" }); // written before the server end travels
      launcher.getEchoPipelined({ echo_prefix: "pipe: ", request: echoServerEnd });
      expect(echoServerEnd.isValid).toBe(false); // moved into the message
      const impl = new Launcher(server);
      const served = impl.serve();
      expect(await within(call)).toEqual({ response: "pipe: pipelined" });
      echo.$close();
      launcher.$close();
      await within(Promise.all([served, ...impl.servers]));
    });
  });

  describe("10. parallel calls", () => {
    it("answers 100 parallel calls over one connection, each with its own value", async () => {
      const { client, server } = await transport.pair();
      const echo = new EchoClient(client);
      const served = new AsyncEchoServer(server).serve();
      const values = Array.from({ length: 100 }, (_, i) => `call ${i}`);
      const responses = await within(Promise.all(values.map((value) => echo.echoString({ value }))));
      expect(responses).toEqual(values.map((response) => ({ response })));
      echo.$close();
      await within(served);
    });
  });
});
