// Generated classes against the real bindings base classes: a call, an event, a result method.
import { describe, expect, it } from "vitest";
import { StopEventHandler } from "../../src/bindings/index.ts";
import { Channel } from "../../src/channel/channel.ts";
import * as $fidl from "../../src/codegen.ts";
import {
  type ComposerThingMaybeFailRequest,
  TestingClient,
  TestingServer,
  type TestingReturnOtherUnionResponse,
  type TestingReturnUnionResponse,
  type Settings,
  type ComposerThing_ReturnTableUnion_Response,
} from "../generated/fuchsia.controller.test.ts";
import { within } from "../support/bounded.ts";
import { EchoClient, type EchoEchoStringRequest, EchoEventHandler, type EchoOnStringRequest, EchoServer, type EchoSendStringRequest } from "../generated/fuchsia.examples.ts";


class Echo extends EchoServer {
  echoString(request: EchoEchoStringRequest) {
    return { response: `echo: ${request.value}` };
  }
  sendString(request: EchoSendStringRequest) {
    this.sendOnString({ response: request.value });
  }
}

class Testing extends TestingServer {
  maybeFail(request: ComposerThingMaybeFailRequest) {
    return request.status === 0 ? undefined : new $fidl.DomainError(request.status);
  }
  returnTableUnion(): ComposerThing_ReturnTableUnion_Response {
    return { value: { table: { str: "t" } } };
  }
  returnUnion(): TestingReturnUnionResponse {
    return { y: { union_int: 5n } };
  }
  returnOtherUnion(): TestingReturnOtherUnionResponse {
    return { y: { $unknown: { name: "x", value: 1 } } };
  }
  returnSettings(request: Settings): Settings {
    return request;
  }
}

describe("generated bindings", () => {
  it("calls a two-way method, receives an event, and fills struct defaults", async () => {
    const [clientEnd, serverEnd] = Channel.create();
    const server = new Echo(serverEnd);
    const serving = server.serve();
    const client = new EchoClient(clientEnd);
    expect(await within(client.echoString({ value: "hi" }))).toEqual({ response: "echo: hi" });
    const events: string[] = [];
    const handler = new (class extends EchoEventHandler {
      onString(payload: EchoOnStringRequest) {
        events.push(payload.response);
        throw new StopEventHandler();
      }
    })(client);
    client.sendString({ value: "ev" });
    await within(handler.serve());
    expect(events).toEqual(["ev"]);
    clientEnd.close();
    await within(serving);
  });

  it("returns domain errors and payloads through result methods, and composed methods work", async () => {
    const [clientEnd, serverEnd] = Channel.create();
    const serving = new Testing(serverEnd).serve();
    const client = new TestingClient(clientEnd);
    const failed = await within(client.maybeFail({ status: -2 }));
    expect(failed.err).toBe(-2);
    const ok = await within(client.maybeFail({ status: 0 }));
    expect(ok.err).toBeUndefined();
    expect(await within(client.returnTableUnion().unwrap())).toEqual({ value: { table: { str: "t" } } });
    expect(await within(client.returnUnion())).toEqual({ y: { union_int: 5n } });
    expect(await within(client.returnSettings({ retries: 7 }))).toEqual({ name: "default", retries: 7, color: 2, verbose: false });
    clientEnd.close();
    await within(serving);
  });
});
