// Type tests of the generated bindings (test/generated/): method signatures, result methods,
// abstract server handlers. `tsc --noEmit` checks them; at run time expectTypeOf does nothing.
import { describe, expectTypeOf, it } from "vitest";
import type { Channel } from "../../src/channel/channel.ts";
import type {
  CallOptions,
  DomainError,
  FidlResult,
  FrameworkError,
  MaybePromise,
  ResultPromise,
  ServerOptions,
} from "../../src/bindings/index.ts";
import type {
  ExampleEventsEventHandler,
  ExampleEventsOnFirstRequest,
  FlexibleMethodTesterClient,
  FlexibleMethodTesterServer,
  FlexibleMethodTester_SomeMethodWithResponse_Response,
  NoopClient,
  NoopTable,
  TestingClient,
  TestingServer,
} from "../generated/fuchsia.controller.test.ts";
import {
  type EchoClient,
  type EchoEchoStringRequest,
  type EchoEchoStringResponse,
  type EchoEventHandler,
  type EchoOnStringRequest,
  EchoServer,
} from "../generated/fuchsia.examples.ts";
import type { PrefixEchoServer } from "./fixtures/servers.ts";

describe("generated client signatures", () => {
  it("types a strict two-way method as Promise<response payload>", () => {
    expectTypeOf<EchoClient["echoString"]>().parameters.toEqualTypeOf<[EchoEchoStringRequest, (CallOptions | undefined)?]>();
    expectTypeOf<EchoClient["echoString"]>().returns.toEqualTypeOf<Promise<{ response: string }>>();
    expectTypeOf<EchoClient["echoString"]>().returns.resolves.toEqualTypeOf<EchoEchoStringResponse>();
    // Not a ResultPromise: a strict method without `error` has no result union to unwrap.
    expectTypeOf<EchoClient["echoString"]>().returns.not.toHaveProperty("unwrap");
  });

  it("types a one-way method as returning void, and `-> ()` and empty requests without a payload", () => {
    expectTypeOf<EchoClient["sendString"]>().returns.toEqualTypeOf<void>();
    expectTypeOf<NoopClient["doNoop"]>().parameters.toEqualTypeOf<[(CallOptions | undefined)?]>();
    expectTypeOf<NoopClient["doNoop"]>().returns.toEqualTypeOf<Promise<void>>();
    // A table payload is the request itself, not wrapped in a struct.
    expectTypeOf<NoopClient["doTableNoop"]>().parameter(0).toEqualTypeOf<NoopTable>();
  });

  it("types error-syntax and flexible two-way methods as ResultPromise<payload, error>", () => {
    expectTypeOf<TestingClient["maybeFail"]>().returns.toEqualTypeOf<ResultPromise<void, number>>();
    expectTypeOf<FlexibleMethodTesterClient["someMethod"]>().returns.toEqualTypeOf<ResultPromise<void, never>>();
    expectTypeOf<FlexibleMethodTesterClient["someMethodWithError"]>().returns.toEqualTypeOf<ResultPromise<void, number>>();
    expectTypeOf<FlexibleMethodTesterClient["someMethodWithResponse"]>().returns.toEqualTypeOf<
      ResultPromise<FlexibleMethodTester_SomeMethodWithResponse_Response, never>
    >();
    expectTypeOf<ResultPromise<void, number>>().resolves.toEqualTypeOf<FidlResult<void, number>>();
    expectTypeOf<ResultPromise<{ value: string }, never>["unwrap"]>().returns.toEqualTypeOf<Promise<{ value: string }>>();
    // A strict method without `error` in the same protocol stays a plain promise.
    expectTypeOf<FlexibleMethodTesterClient["strictMethod"]>().returns.toEqualTypeOf<Promise<void>>();
  });
});

describe("generated server and event handler signatures", () => {
  it("declares server handlers abstract: the generated class cannot be constructed, a full subclass can", () => {
    expectTypeOf<typeof EchoServer>().not.toExtend<new (channel: Channel, options?: ServerOptions) => EchoServer>();
    expectTypeOf<typeof PrefixEchoServer>().toExtend<new (channel: Channel) => EchoServer>();
    // A subclass that leaves a handler out does not compile (never called: types only).
    const _incomplete = () => {
      // @ts-expect-error -- non-abstract class does not implement inherited abstract member sendString
      class Incomplete extends EchoServer {
        echoString(request: EchoEchoStringRequest): EchoEchoStringResponse {
          return { response: request.value };
        }
      }
      return Incomplete;
    };
    expectTypeOf(_incomplete).toBeFunction();
  });

  it("types handlers as taking the request payload and returning the reply, sync or async", () => {
    expectTypeOf<EchoServer["echoString"]>().parameters.toEqualTypeOf<[EchoEchoStringRequest]>();
    expectTypeOf<EchoServer["echoString"]>().returns.toEqualTypeOf<MaybePromise<EchoEchoStringResponse>>();
    expectTypeOf<EchoServer["sendString"]>().returns.toEqualTypeOf<MaybePromise<void>>();
    expectTypeOf<TestingServer["maybeFail"]>().returns.toEqualTypeOf<
      // biome-ignore lint/suspicious/noConfusingVoidType: a `-> ()` handler returns nothing on success.
      MaybePromise<void | DomainError<number> | FrameworkError>
    >();
    expectTypeOf<FlexibleMethodTesterServer["someMethod"]>().returns.toEqualTypeOf<
      // biome-ignore lint/suspicious/noConfusingVoidType: a `-> ()` handler returns nothing on success.
      MaybePromise<void | FrameworkError>
    >();
    expectTypeOf<EchoServer["sendOnString"]>().parameters.toEqualTypeOf<[EchoOnStringRequest]>();
  });

  it("types event handlers per event, with the event payload", () => {
    expectTypeOf<EchoEventHandler["onString"]>().parameters.toEqualTypeOf<[EchoOnStringRequest]>();
    expectTypeOf<ExampleEventsEventHandler["onFirst"]>().parameters.toEqualTypeOf<[ExampleEventsOnFirstRequest]>();
    expectTypeOf<ExampleEventsEventHandler["onSecond"]>().parameters.toEqualTypeOf<[]>();
    expectTypeOf<ExampleEventsEventHandler["onSecond"]>().returns.toEqualTypeOf<MaybePromise<void>>();
  });
});
