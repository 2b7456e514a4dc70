// EventHandler (generated ExampleEvents and FlexibleEvents handlers): ordering, failures, stopping, and unknown events from a newer server.
import { describe, expect, it } from "vitest";
import type { FidlError } from "../../src/bindings/errors.ts";
import type { UnknownInteraction } from "../../src/bindings/unknown-interaction.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import {
  ExampleEventsClient,
  ExampleEventsEventHandler,
  type ExampleEventsOnFirstRequest,
  FlexibleEventsClient,
  FlexibleEventsEventHandler,
  type FlexibleEventsOnFirstRequest,
} from "../generated/fuchsia.controller.test.ts";
import { EchoClient, EchoEventHandler } from "../generated/fuchsia.examples.ts";
import { errorLog, pair, rejectionOf, settle, within } from "./fixtures/helpers.ts";
import { ExampleEventsSender, FlexibleEventsV2Sender, PrefixEchoServer } from "./fixtures/servers.ts";

class Recorder extends ExampleEventsEventHandler {
  readonly seen: string[] = [];
  async onFirst(payload: ExampleEventsOnFirstRequest): Promise<void> {
    this.seen.push(`start ${payload.message}`);
    await settle();
    this.seen.push(`end ${payload.message}`);
  }
  onSecond(): void {
    this.seen.push("second");
  }
  onComplex(): void {
    this.seen.push("complex");
  }
}

/** Records FlexibleEvents events, and the unknown ones a newer server sends. */
class FlexibleRecorder extends FlexibleEventsEventHandler {
  readonly seen: string[] = [];
  onFirst(payload: FlexibleEventsOnFirstRequest): void {
    this.seen.push(`first ${payload.message}`);
  }
  onSecond(): void {
    this.seen.push("second");
  }
  override onUnknownEvent(event: UnknownInteraction): void {
    this.seen.push(`unknown ${event.kind}`);
  }
}

describe("EventHandler", () => {
  it("delivers events in order, one async handler call at a time", async () => {
    const { client, server } = pair();
    const events = new ExampleEventsClient(client);
    const sender = new ExampleEventsSender(server);
    const handler = new Recorder(events);
    const served = handler.serve();
    sender.sendOnFirst({ message: "a" });
    sender.sendOnSecond();
    sender.sendOnFirst({ message: "b" });
    sender.$close();
    await within(served);
    expect(handler.seen).toEqual(["start a", "end a", "second", "start b", "end b"]);
  });

  it("delivers events queued before an epitaph, then ends normally", async () => {
    const { client, server } = pair();
    const events = new ExampleEventsClient(client);
    const sender = new ExampleEventsSender(server);
    sender.sendOnSecond();
    sender.closeWithEpitaph(ZxStatus.UNAVAILABLE);
    await settle();
    const handler = new Recorder(events);
    await within(handler.serve());
    expect(handler.seen).toEqual(["second"]);
  });

  it("passes unknown flexible events from a newer server to onUnknownEvent", async () => {
    const { client, server } = pair();
    const events = new FlexibleEventsClient(client);
    const sender = new FlexibleEventsV2Sender(server);
    const handler = new FlexibleRecorder(events);
    const served = handler.serve();
    sender.sendOnThird();
    sender.sendOnSecond();
    sender.$close();
    await within(served);
    expect(handler.seen).toEqual(["unknown event", "second"]);
  });

  it("rejects serve() with a handler's error, tells onError, and leaves the client open", async () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const log = errorLog();
    const failure = new Error("handler broke");
    class Failing extends EchoEventHandler {
      onString(): void {
        throw failure;
      }
    }
    const served = new Failing(echo, { onError: log.onError }).serve();
    const impl = new PrefixEchoServer(server);
    const implServed = impl.serve();
    echo.sendString({ value: "x" });
    expect(await rejectionOf(served)).toBe(failure);
    expect(log.errors.map((e) => e.message)).toEqual([
      "[ZX_ERR_INTERNAL] fuchsia.examples/Echo.OnString: event handler threw: handler broke",
    ]);
    expect(await within(echo.echoString({ value: "still open" }))).toEqual({ response: "still open" });
    echo.$close();
    await within(implServed);
  });

  it("treats a missing handler as a throwing one (NO_HANDLER)", async () => {
    const { client, server } = pair();
    const events = new ExampleEventsClient(client);
    const sender = new ExampleEventsSender(server);
    const log = errorLog();
    const Partial = ExampleEventsEventHandler as unknown as new (c: ExampleEventsClient, o: object) => ExampleEventsEventHandler;
    const served = new Partial(events, { onError: log.onError }).serve();
    sender.sendOnSecond();
    const error = await rejectionOf(served);
    expect((error as FidlError).code).toBe("NO_HANDLER");
    expect(log.errors).toEqual([error]);
    events.$close();
    sender.$close();
  });

  it("ends serve() on $stop(), and a later handler gets the events that arrived meanwhile", async () => {
    const { client, server } = pair();
    const events = new ExampleEventsClient(client);
    const sender = new ExampleEventsSender(server);
    const first = new Recorder(events);
    const served = first.serve();
    first.$stop();
    await within(served);
    sender.sendOnSecond();
    await settle();
    const second = new Recorder(events);
    const secondServed = second.serve();
    sender.$close();
    await within(secondServed);
    expect(first.seen).toEqual([]);
    expect(second.seen).toEqual(["second"]);
  });

  it("refuses a client of another protocol", () => {
    const { client, server } = pair();
    const echo = new EchoClient(client);
    const Wrong = ExampleEventsEventHandler as unknown as new (c: unknown) => unknown;
    expect(() => new Wrong(echo)).toThrow(
      "[ZX_ERR_WRONG_TYPE] an event handler for fuchsia.controller.test/ExampleEvents cannot serve a client of fuchsia.examples/Echo",
    );
    echo.$close();
    server.close();
  });
});

