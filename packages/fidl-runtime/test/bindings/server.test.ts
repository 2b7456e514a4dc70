// Server (generated EchoServer, TestingServer, FlexibleMethodTesterServer): how serve() ends, error reporting, replies that do not fit, events, concurrency.
import { describe, expect, it } from "vitest";
import type { FidlError } from "../../src/bindings/errors.ts";
import { DomainError, FrameworkError } from "../../src/bindings/result.ts";
import { StopServer } from "../../src/bindings/stop.ts";
import type { UnknownInteraction } from "../../src/bindings/unknown-interaction.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { type EchoEchoStringRequest, type EchoEchoStringResponse, EchoClient, EchoServer } from "../generated/fuchsia.examples.ts";
import {
  type ComposerThing_ReturnTableUnion_Response,
  FlexibleMethodTesterServer,
  FlexibleMethodTesterV2Client,
  type FlexibleMethodTester_SomeMethodWithResponse_Response,
  type Settings,
  TestingClient,
  type TestingReturnOtherUnionResponse,
  type TestingReturnUnionResponse,
  TestingServer,
} from "../generated/fuchsia.controller.test.ts";
import { closedStatus, errorLog, pair, rejectionOf, settle, within } from "./fixtures/helpers.ts";
import { ExampleEventsSender, FlexibleEventsSender } from "./fixtures/servers.ts";

/** An Echo server whose echoString behaviour each test supplies. */
function echoWith(behaviour: (request: EchoEchoStringRequest, server: EchoServer) => unknown) {
  return class extends EchoServer {
    echoString(request: EchoEchoStringRequest): EchoEchoStringResponse {
      return behaviour(request, this) as EchoEchoStringResponse;
    }
    sendString(): void {}
  };
}

describe("Server.serve()", () => {
  it("resolves when the peer closes, and returns the same promise when called again", async () => {
    const { client, server } = pair();
    const impl = new (echoWith((r) => ({ response: r.value })))(server);
    const served = impl.serve();
    expect(impl.serve()).toBe(served);
    client.close();
    await within(served);
  });

  it("resolves when a two-way handler throws StopServer, sending no reply (the caller sees PEER_CLOSED)", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const served = new (echoWith(() => {
      throw new StopServer();
    }))(server).serve();
    expect(((await rejectionOf(echo.echoString({ value: "x" }))) as FidlError).status).toBe(ZxStatus.PEER_CLOSED);
    await within(served);
  });

  it("rejects with the error of an async handler that rejects, after telling onError", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const log = errorLog();
    const failure = new TypeError("async failure");
    const served = new (echoWith(async () => {
      await settle();
      throw failure;
    }))(server, { onError: log.onError }).serve();
    expect(((await rejectionOf(echo.echoString({ value: "x" }))) as FidlError).code).toBe("PEER_CLOSED");
    expect(await rejectionOf(served)).toBe(failure);
    expect(log.errors).toHaveLength(1);
    expect(log.errors[0]!.cause).toBe(failure);
  });

  it("reports a failure through onError even when nobody awaits serve(), without an unhandled rejection", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const log = errorLog();
    void new (echoWith(() => {
      throw new Error("nobody is listening");
    }))(server, { onError: log.onError }).serve();
    await rejectionOf(echo.echoString({ value: "x" }));
    await settle();
    expect(log.errors.map((e) => e.message)).toEqual([
      "[ZX_ERR_INTERNAL] fuchsia.examples/Echo.EchoString: handler threw: nobody is listening",
    ]);
  });

  it("reports a handler that fails after serving ended", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const log = errorLog();
    let fail!: () => void;
    const served = new (echoWith(
      () =>
        new Promise((_, reject) => {
          fail = () => reject(new Error("too late"));
        }),
    ))(server, { onError: log.onError }).serve();
    const call = echo.echoString({ value: "x" });
    await settle();
    echo.$close();
    await within(served);
    await rejectionOf(call);
    fail();
    await settle();
    expect(log.errors.map((e) => e.code)).toEqual(["HANDLER_FAILED"]);
  });

  it("writes an epitaph on closeWithEpitaph(), resolves serve(), and ignores a second close", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const impl = new (echoWith((r) => ({ response: r.value })))(server);
    const served = impl.serve();
    impl.closeWithEpitaph(ZxStatus.ACCESS_DENIED);
    impl.closeWithEpitaph(ZxStatus.INTERNAL);
    await within(served);
    const error = await rejectionOf(echo.echoString({ value: "x" }));
    expect((error as FidlError).status).toBe(ZxStatus.ACCESS_DENIED);
  });

  it("closes the channel and resolves when serve()'s AbortSignal aborts", async () => {
    const { client, server } = pair();
    const controller = new AbortController();
    const served = new (echoWith((request) => ({ response: request.value })))(server).serve(controller.signal);
    const echo = new EchoClient(client);
    expect(await within(echo.echoString({ value: "before" }))).toEqual({ response: "before" });
    controller.abort();
    await within(served);
    expect(await rejectionOf(echo.echoString({ value: "after" }))).toMatchObject({ status: ZxStatus.PEER_CLOSED });
  });

  it("resolves at once when serve() is called after the server closed", async () => {
    const { server } = pair();
    const impl = new (echoWith((r) => ({ response: r.value })))(server);
    impl.$close();
    await within(impl.serve());
  });
});

describe("Server replies", () => {
  it("fails the server when a handler's reply breaks the schema, naming the field", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const log = errorLog();
    const served = new (echoWith(() => ({ response: "x".repeat(40) })))(server, { onError: log.onError }).serve();
    expect(((await rejectionOf(echo.echoString({ value: "x" }))) as FidlError).status).toBe(ZxStatus.PEER_CLOSED);
    const failure = await rejectionOf(served);
    expect((failure as FidlError).code).toBe("INVALID_RESPONSE");
    expect((failure as FidlError).message).toBe(
      "[ZX_ERR_INVALID_ARGS] fuchsia.examples/Echo.EchoString: handler returned an invalid reply: response.response: too_big (string is longer than its bound of 32 UTF-8 bytes)",
    );
    expect(log.errors).toEqual([failure]);
  });

  it("fails the server when a method without error syntax returns a DomainError", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const log = errorLog();
    const served = new (echoWith(() => new DomainError(1)))(server, { onError: log.onError }).serve();
    await rejectionOf(echo.echoString({ value: "x" }));
    expect((await rejectionOf(served)) as FidlError).toMatchObject({
      code: "INVALID_RESPONSE",
      rawMessage: "fuchsia.examples/Echo.EchoString: handler returned an invalid reply: response: DomainError(1) returned, but the method has no result union",
    });
  });

  it("replies err for a thrown DomainError, as for a returned one", async () => {
    const { client, server } = pair();
    const testing = new TestingClient(client);
    class Testing extends TestingServer {
      async maybeFail(): Promise<void> {
        throw new DomainError(ZxStatus.IO);
      }
      returnTableUnion(): ComposerThing_ReturnTableUnion_Response {
        return { value: { number: 0 } };
      }
      returnUnion(): TestingReturnUnionResponse {
        return { y: { union_bool: true } };
      }
      returnOtherUnion(): TestingReturnOtherUnionResponse {
        return { y: { $unknown: { name: "unused", value: null } } };
      }
      returnSettings(request: Settings): Settings {
        return request;
      }
    }
    const served = new Testing(server).serve();
    const result = await within(testing.maybeFail({ status: ZxStatus.OK }));
    expect(result.err).toBe(ZxStatus.IO);
    testing.$close();
    await within(served);
  });

  it("stops reading at maxConcurrentHandlers and resumes as handlers finish", async () => {
    const { client, server } = pair();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    const Gated = class extends EchoServer {
      async echoString(request: EchoEchoStringRequest): Promise<EchoEchoStringResponse> {
        started++;
        await gate;
        return { response: request.value };
      }
      sendString(): void {}
    };
    const served = new Gated(server, { maxConcurrentHandlers: 2 }).serve();
    const echo = new EchoClient(client);
    const calls = ["a", "b", "c", "d", "e"].map((value) => echo.echoString({ value }));
    await settle();
    expect(started).toBe(2);
    // The other three wait in the channel, where the link's credit window can hold a sender back.
    expect(server.pendingMessages).toBe(3);
    release();
    expect(await within(Promise.all(calls))).toEqual(["a", "b", "c", "d", "e"].map((response) => ({ response })));
    expect(started).toBe(5);
    echo.$close();
    await within(served);
  });

  it("ends serve() when the peer closes while reading is paused at the limit", async () => {
    const { client, server } = pair();
    const Hanging = class extends EchoServer {
      echoString(): Promise<EchoEchoStringResponse> {
        return new Promise(() => {});
      }
      sendString(): void {}
    };
    const served = new Hanging(server, { maxConcurrentHandlers: 1 }).serve();
    const echo = new EchoClient(client);
    const call = echo.echoString({ value: "hangs" });
    await settle();
    echo.$close();
    await within(served);
    // The client closed its own end: its pending call is canceled.
    expect(await rejectionOf(call)).toMatchObject({ status: ZxStatus.CANCELED });
  });

  it("still closes and settles when an onError hook throws", async () => {
    const { client, server } = pair();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const served = new (echoWith(() => {
        throw new Error("handler failure");
      }))(server, {
        onError: () => {
          throw new Error("the hook itself fails");
        },
      }).serve();
      const echo = new EchoClient(client);
      expect(await rejectionOf(echo.echoString({ value: "x" }))).toMatchObject({ status: ZxStatus.PEER_CLOSED });
      expect(await rejectionOf(served)).toMatchObject({ message: "handler failure" });
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });

  it("lets replies of concurrent async handlers go out of order", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const served = new (echoWith(async (request) => {
      if (request.value === "slow") for (let i = 0; i < 5; i++) await settle();
      return { response: request.value };
    }))(server).serve();
    const order: string[] = [];
    const slow = echo.echoString({ value: "slow" }).then((r) => order.push(r.response));
    const fast = echo.echoString({ value: "fast" }).then((r) => order.push(r.response));
    await within(Promise.all([slow, fast]));
    expect(order).toEqual(["fast", "slow"]);
    echo.$close();
    await within(served);
  });
});

describe("Server unknown methods (a newer client)", () => {
  it("answers an unknown flexible two-way method with UNKNOWN_METHOD and passes unknown one-ways to onUnknownMethod", async () => {
    const { client, server } = pair();
    const tester = new FlexibleMethodTesterV2Client(client);
    const seen: UnknownInteraction[] = [];
    class Old extends FlexibleMethodTesterServer {
      someMethod(): void {}
      someMethodWithResponse(): FlexibleMethodTester_SomeMethodWithResponse_Response {
        return { value: "unused" };
      }
      someMethodWithError(): FrameworkError {
        return FrameworkError.UNKNOWN_METHOD;
      }
      strictMethod(): void {}
      fireAndForget(): void {}
      override onUnknownMethod(interaction: UnknownInteraction): void {
        seen.push(interaction);
      }
    }
    const served = new Old(server).serve();
    const result = await within(tester.newFlexibleMethod());
    expect(result).toMatchObject({ kind: "frameworkErr", frameworkErr: -2 });
    tester.newFlexibleOneWay();
    expect(await within(tester.someMethod().unwrap())).toBeUndefined();
    expect(seen.map((s) => s.kind)).toEqual(["two-way", "one-way"]);
    tester.$close();
    await within(served);
  });
});

describe("Server events", () => {
  it("throws INVALID_REQUEST for an invalid event, CLOSED after $close(), and nothing once the peer closed", async () => {
    const { client, server } = pair();
    const sender = new ExampleEventsSender(server);
    expect(() => sender.sendOnFirst({ message: "m".repeat(129) })).toThrow(
      "[ZX_ERR_INVALID_ARGS] fuchsia.controller.test/ExampleEvents.OnFirst: event.message: too_big (string is longer than its bound of 128 UTF-8 bytes)",
    );
    client.close();
    expect(() => sender.sendOnFirst({ message: "peer gone" })).not.toThrow();
    sender.$close();

    const other = pair();
    const closed = new ExampleEventsSender(other.server);
    closed.$close();
    expect(() => closed.sendOnSecond()).toThrow(
      "[ZX_ERR_BAD_HANDLE] fuchsia.controller.test/ExampleEvents.OnSecond: the server's channel is closed",
    );
    expect(await closedStatus(other.client)).toBe(ZxStatus.PEER_CLOSED);
    other.client.close();
  });

  it("sends events with txid 0 and the FLEXIBLE bit for flexible events", async () => {
    const { client, server } = pair();
    const sender = new FlexibleEventsSender(server);
    sender.sendOnSecond();
    const message = await within(client.read());
    expect(Array.from(message.bytes.subarray(0, 8))).toEqual([0, 0, 0, 0, 2, 0, 0x80, 1]);
    sender.$close();
    client.close();
  });
});

