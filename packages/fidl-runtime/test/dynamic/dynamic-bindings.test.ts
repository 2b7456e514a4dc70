// Dynamic bindings against generated ones: a dynamic client talks to a generated server and a
// generated client to a dynamic server, with identical descriptors, results and errors.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Channel } from "../../src/channel/channel.ts";
import { FidlError } from "../../src/bindings/errors.ts";
import type { ProtocolDescriptor } from "../../src/bindings/protocol.ts";
import { DomainError, FrameworkError, type FidlResult, type ResultPromise } from "../../src/bindings/result.ts";
import { compileFidl } from "../../src/compiler/compile.ts";
import { writeIrJson } from "../../src/compiler/ir-json.ts";
import { type FidlLibrary, loadFidl, loadFidlSources } from "../../src/dynamic/index.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import * as examples from "../generated/fuchsia.examples.ts";
import * as ct from "../generated/fuchsia.controller.test.ts";
import { rejectionOf, within } from "../support/bounded.ts";

const ECHO_FIDL = fileURLToPath(new URL("../fidl/echo.fidl", import.meta.url));
const CONTROLLER_FIDL = fileURLToPath(new URL("../fidl/controller_test.fidl", import.meta.url));

const quiet = { onError: () => {} };

/** The descriptor minus schemas, for comparison. */
function shape(protocol: ProtocolDescriptor) {
  return {
    ...protocol,
    methods: protocol.methods.map(({ request, response, error, ...rest }) => ({
      ...rest,
      request: request !== undefined,
      response: response !== undefined,
      error: error !== undefined,
    })),
  };
}

const echoLib: FidlLibrary = await loadFidl({ fidl: [ECHO_FIDL] });
const ctLib: FidlLibrary = await loadFidl({ fidl: [CONTROLLER_FIDL] });

class GeneratedEcho extends examples.EchoServer {
  echoString(request: examples.EchoEchoStringRequest): examples.EchoEchoStringResponse {
    return { response: request.value };
  }
  sendString(request: examples.EchoSendStringRequest): void {
    this.sendOnString({ response: request.value });
  }
}

class GeneratedTesting extends ct.TestingServer {
  maybeFail(request: ct.ComposerThingMaybeFailRequest) {
    return request.status === 0 ? undefined : new DomainError(request.status);
  }
  returnTableUnion() {
    return { value: { table: { str: "in a table", integer: 2n ** 40n } } } as ct.ComposerThing_ReturnTableUnion_Response;
  }
  returnUnion(): ct.TestingReturnUnionResponse {
    return { y: { union_int: -(2n ** 62n) } };
  }
  returnOtherUnion(): ct.TestingReturnOtherUnionResponse {
    throw new Error("returnOtherUnion is broken on purpose");
  }
  returnSettings(request: ct.Settings): ct.Settings {
    return request;
  }
}

class GeneratedFlexible extends ct.FlexibleMethodTesterServer {
  someMethod() {
    return FrameworkError.UNKNOWN_METHOD;
  }
  someMethodWithResponse() {
    return { value: "flexible" };
  }
  someMethodWithError() {
    return new DomainError(7);
  }
  strictMethod(): void {}
  fireAndForget(): void {}
}

describe("descriptors", () => {
  it("matches every generated descriptor of both libraries (names, ordinals, kinds, strictness, openness)", () => {
    const generated = [
      examples.EchoProtocol,
      examples.EchoLauncherProtocol,
      ct.NoopProtocol,
      ct.ComposerThingProtocol,
      ct.TestingProtocol,
      ct.FlexibleMethodTesterProtocol,
      ct.ExampleEventsProtocol,
      ct.ReaderProtocol,
      ct.ReadTesterProtocol,
    ];
    for (const descriptor of generated) {
      const lib = descriptor.name.startsWith("fuchsia.examples/") ? echoLib : ctLib;
      expect(shape(lib.protocol(descriptor.name).descriptor)).toEqual(shape(descriptor));
    }
  });

  it("finds a protocol by its discoverable name", () => {
    expect(echoLib.protocol("fuchsia.examples.Echo").name).toBe("fuchsia.examples/Echo");
    expect(echoLib.protocol("fuchsia.examples.Echo")).toBe(echoLib.protocol("fuchsia.examples/Echo"));
  });

  it("rejects an unknown protocol with NOT_FOUND naming it and listing the loaded ones", () => {
    const error = (() => {
      try {
        echoLib.protocol("fuchsia.examples/Nope");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ZxError);
    expect((error as ZxError).status).toBe(ZxStatus.NOT_FOUND);
    expect((error as ZxError).message).toBe(
      "[ZX_ERR_NOT_FOUND] no protocol fuchsia.examples/Nope in the loaded libraries (protocols: fuchsia.examples/Echo, fuchsia.examples/EchoLauncher)",
    );
  });

  it("loads the same protocols from JSON IR text and from IR objects as from .fidl", async () => {
    const libraries = compileFidl([{ filename: "echo.fidl", text: await import("node:fs/promises").then((fs) => fs.readFile(ECHO_FIDL, "utf8")) }]).libraries;
    const fromText = await loadFidl({ ir: libraries.map((library) => ({ filename: `${library.name}.json`, text: writeIrJson(library) })) });
    const fromObjects = await loadFidl({ ir: libraries });
    expect(shape(fromText.protocol("fuchsia.examples/Echo").descriptor)).toEqual(shape(examples.EchoProtocol));
    expect(shape(fromObjects.protocol("fuchsia.examples/EchoLauncher").descriptor)).toEqual(shape(examples.EchoLauncherProtocol));
  });

  it("builds the same schemas as generated code: defaults, enums, bits, tables, unions", () => {
    const settings = ctLib.schema("fuchsia.controller.test/Settings");
    expect(settings.parse({})).toEqual(ct.SettingsSchema.parse({}));
    expect(settings.parse({})).toEqual({ name: "default", retries: 3, color: 2, verbose: false });
    const bits = ctLib.schema("fuchsia.controller.test/SomeBits");
    expect(bits.safeParse(1n).error?.issues[0]?.message).toBe(ct.SomeBitsSchema.safeParse(1n).error?.issues[0]?.message);
    const value = { table: { str: "x", union_field: { union_int: 5n } } };
    expect(ctLib.schema("fuchsia.controller.test/TableUnion").parse(value)).toEqual(ct.TableUnionSchema.parse(value));
  });

  it("builds a schema for a recursive type", () => {
    const lib = loadFidlSources([
      { filename: "node.fidl", text: "library test.node;\ntype Node = struct {\n    value int32;\n    next box<Node>;\n};\n" },
    ]);
    const node = lib.schema("test.node/Node");
    expect(node.parse({ value: 1, next: { value: 2, next: null } })).toEqual({ value: 1, next: { value: 2, next: null } });
    expect(node.safeParse({ value: 1, next: { value: "two", next: null } }).error?.issues[0]?.path).toEqual(["next", "value"]);
  });
});

describe("a dynamic client and a generated server", () => {
  it("calls a two-way method by camelCase and by FIDL name, with the generated client's result", async () => {
    const [client, server] = Channel.create();
    void new GeneratedEcho(server).serve();
    const echo = echoLib.protocol("fuchsia.examples/Echo").client(client);
    const byCamel = await within((echo as unknown as { echoString(r: unknown): Promise<unknown> }).echoString({ value: "hi" }));
    const byFidl = await within((echo as unknown as { EchoString(r: unknown): Promise<unknown> }).EchoString({ value: "ho" }));
    expect(byCamel).toEqual({ response: "hi" });
    expect(byFidl).toEqual({ response: "ho" });
    echo.$close();
  });

  it("receives events through a dynamic event handler", async () => {
    const [client, server] = Channel.create();
    void new GeneratedEcho(server).serve();
    const protocol = echoLib.protocol("fuchsia.examples/Echo");
    const echo = protocol.client(client);
    const received: unknown[] = [];
    const handler = protocol.eventHandler(echo, {
      onString(payload: { response: string }) {
        received.push(payload);
        echo.$close();
      },
    });
    echo.$call("sendString", { value: "event!" });
    await within(handler.serve());
    expect(received).toEqual([{ response: "event!" }]);
  });

  it("gets a domain error as `err`, and unwrap() throws the generated client's DOMAIN_ERROR", async () => {
    const pairs = [Channel.create(), Channel.create()];
    void new GeneratedTesting(pairs[0]![1]).serve();
    void new GeneratedTesting(pairs[1]![1]).serve();
    const dynamic = ctLib.protocol("fuchsia.controller.test/Testing").client(pairs[0]![0]);
    const generated = new ct.TestingClient(pairs[1]![0]);
    const dynResult = (await within(dynamic.$call("maybeFail", { status: ZxStatus.NOT_FOUND })!)) as FidlResult<void, number>;
    const genResult = await within(generated.maybeFail({ status: ZxStatus.NOT_FOUND }));
    expect(dynResult.kind).toBe("err");
    expect(dynResult.err).toBe(ZxStatus.NOT_FOUND);
    expect({ ...dynResult }).toEqual({ ...genResult });
    const dynError = await rejectionOf((dynamic.$call("maybeFail", { status: -1 }) as ResultPromise<void, number>).unwrap());
    const genError = await rejectionOf(generated.maybeFail({ status: -1 }).unwrap());
    expect(dynError).toBeInstanceOf(FidlError);
    expect((dynError as FidlError).code).toBe("DOMAIN_ERROR");
    expect((dynError as FidlError).message).toBe((genError as FidlError).message);
    dynamic.$close();
    generated.$close();
  });

  it("gets a framework error as `frameworkErr` (UNKNOWN_METHOD)", async () => {
    const [client, server] = Channel.create();
    void new GeneratedFlexible(server).serve();
    const tester = ctLib.protocol("fuchsia.controller.test.FlexibleMethodTester").client(client);
    const result = (await within(tester.$call("SomeMethod")!)) as FidlResult<void, never>;
    expect(result.kind).toBe("frameworkErr");
    expect(result.frameworkErr).toBe(-2);
    const error = await rejectionOf((tester.$call("someMethod") as ResultPromise<void, never>).unwrap());
    expect((error as FidlError).code).toBe("FRAMEWORK_ERROR");
    expect((error as FidlError).status).toBe(ZxStatus.NOT_SUPPORTED);
    tester.$close();
  });

  it("decodes int64 unions and tables in a union field for field", async () => {
    const [client, server] = Channel.create();
    void new GeneratedTesting(server).serve();
    const testing = ctLib.protocol("fuchsia.controller.test/Testing").client(client);
    expect(await within(testing.$call("returnUnion")!)).toEqual({ y: { union_int: -(2n ** 62n) } });
    const result = (await within(testing.$call("returnTableUnion")!)) as FidlResult<unknown, number>;
    expect(result.response).toEqual({ value: { table: { str: "in a table", integer: 2n ** 40n } } });
    testing.$close();
  });

  it("rejects an invalid request with the generated client's INVALID_REQUEST naming the field path", async () => {
    const pairs = [Channel.create(), Channel.create()];
    void new GeneratedTesting(pairs[0]![1]).serve();
    void new GeneratedTesting(pairs[1]![1]).serve();
    const dynamic = ctLib.protocol("fuchsia.controller.test/Testing").client(pairs[0]![0]);
    const generated = new ct.TestingClient(pairs[1]![0]);
    const bad = { name: "n", retries: 70_000, color: 2, verbose: true };
    const dynError = await rejectionOf(dynamic.$call("returnSettings", bad)!);
    const genError = await rejectionOf(generated.returnSettings(bad as ct.Settings));
    expect((dynError as FidlError).code).toBe("INVALID_REQUEST");
    expect((dynError as FidlError).message).toBe((genError as FidlError).message);
    expect((dynError as FidlError).message).toContain("request.retries:");
    dynamic.$close();
    generated.$close();
  });

  it("sees PEER_CLOSED when the generated server's handler throws", async () => {
    const [client, server] = Channel.create();
    const served = new GeneratedTesting(server, quiet).serve();
    const testing = ctLib.protocol("fuchsia.controller.test/Testing").client(client);
    const error = await rejectionOf(testing.$call("returnOtherUnion")!);
    expect((error as FidlError).status).toBe(ZxStatus.PEER_CLOSED);
    expect(((await rejectionOf(served)) as Error).message).toBe("returnOtherUnion is broken on purpose");
  });

  it("rejects a call to a name that is not a method with NO_SUCH_METHOD listing the methods", async () => {
    const [client] = Channel.create();
    const echo = echoLib.protocol("fuchsia.examples/Echo").client(client);
    const error = await rejectionOf(echo.$call("echoStrin", { value: "x" })!);
    expect((error as FidlError).code).toBe("NO_SUCH_METHOD");
    expect((error as FidlError).message).toBe(
      "[ZX_ERR_NOT_FOUND] fuchsia.examples/Echo: no method named echoStrin; methods: EchoString, SendString",
    );
    echo.$close();
  });
});

describe("a generated client and a dynamic server", () => {
  it("answers two-way calls and sends events with $send", async () => {
    const [client, server] = Channel.create();
    const protocol = echoLib.protocol("fuchsia.examples/Echo");
    const dynamic = protocol.server(server, {
      echoString: (request: { value: string }) => ({ response: request.value.toUpperCase() }),
      SendString(request: { value: string }) {
        this.$send("OnString", { response: `event:${request.value}` });
      },
    });
    void dynamic.serve();
    const echo = new examples.EchoClient(client);
    expect(await within(echo.echoString({ value: "abc" }))).toEqual({ response: "ABC" });
    const events: unknown[] = [];
    const handler = new (class extends examples.EchoEventHandler {
      onString(payload: examples.EchoOnStringRequest): void {
        events.push(payload);
        echo.$close();
      }
    })(echo);
    echo.sendString({ value: "e" });
    await within(handler.serve());
    expect(events).toEqual([{ response: "event:e" }]);
  });

  it("returns domain and framework errors the generated client sees as `err` and `frameworkErr`", async () => {
    const [client, server] = Channel.create();
    void ctLib.protocol("fuchsia.controller.test/FlexibleMethodTester").serve(server, {
      someMethod: () => FrameworkError.UNKNOWN_METHOD,
      someMethodWithResponse: () => ({ value: "dyn" }),
      someMethodWithError: () => new DomainError(42),
      strictMethod: () => {},
    });
    const tester = new ct.FlexibleMethodTesterClient(client);
    expect((await within(tester.someMethod())).frameworkErr).toBe(-2);
    expect((await within(tester.someMethodWithResponse())).response).toEqual({ value: "dyn" });
    const result = await within(tester.someMethodWithError());
    expect(result.kind).toBe("err");
    expect(result.err).toBe(42);
    tester.$close();
  });

  it("fails serve() with INVALID_RESPONSE naming the field when a handler returns a bad reply", async () => {
    const [client, server] = Channel.create();
    const served = echoLib.protocol("fuchsia.examples/Echo").serve(server, { echoString: () => ({ response: 5 }) }, quiet);
    const echo = new examples.EchoClient(client);
    const callError = await rejectionOf(echo.echoString({ value: "x" }));
    expect((callError as FidlError).status).toBe(ZxStatus.PEER_CLOSED);
    const serveError = (await rejectionOf(served)) as FidlError;
    expect(serveError.code).toBe("INVALID_RESPONSE");
    expect(serveError.message).toContain("response.response:");
  });

  it("closes the channel (PEER_CLOSED) and rejects serve() with the error when a handler throws", async () => {
    const [client, server] = Channel.create();
    const served = ctLib.protocol("fuchsia.controller.test/Noop").serve(
      server,
      {
        doNoop: () => {
          throw new Error("handler exploded");
        },
      },
      quiet,
    );
    const noop = new ct.NoopClient(client);
    expect(((await rejectionOf(noop.doNoop())) as FidlError).status).toBe(ZxStatus.PEER_CLOSED);
    expect(((await rejectionOf(served)) as Error).message).toBe("handler exploded");
  });

  it("treats a method without a handler like an unimplemented generated one (NO_HANDLER)", async () => {
    const [client, server] = Channel.create();
    const served = ctLib.protocol("fuchsia.controller.test/Noop").serve(server, {}, quiet);
    const noop = new ct.NoopClient(client);
    expect(((await rejectionOf(noop.doNoop())) as FidlError).status).toBe(ZxStatus.PEER_CLOSED);
    expect(((await rejectionOf(served)) as FidlError).code).toBe("NO_HANDLER");
  });

  it("refuses a handler whose name is not a method of the protocol", () => {
    const [, server] = Channel.create();
    expect(() => echoLib.protocol("fuchsia.examples/Echo").server(server, { echoStrnig: () => ({}) })).toThrow(
      "[ZX_ERR_NOT_FOUND] fuchsia.examples/Echo: handler echoStrnig names no method; methods: echoString, sendString",
    );
  });
});
