// Pattern 6 — the basics the other patterns build on: a plain two-way call, events (SendString
// makes the server send OnString, received by an EchoEventHandler), and pipelining through
// EchoLauncher: GetEcho costs a round trip before the first call, GetEchoPipelined does not.
import { Channel, StopEventHandler, connect } from "@fidl-ws/runtime";
import { EchoClient as FfxEchoClient, EchoProtocol as FfxEchoProtocol } from "../../generated/fuchsia.developer.ffx.ts";
import {
  EchoClient,
  EchoEventHandler,
  EchoLauncherClient,
  EchoLauncherProtocol,
  type EchoOnStringRequest,
  EchoProtocol,
} from "../../generated/fuchsia.examples.ts";
import { ECHO_MONIKER } from "../monikers.ts";
import { type Output, createOutput } from "../output.ts";
import { type Example, type ExampleOptions, isMain, runExampleCli } from "./example.ts";

/** What {@link echoBasics} observed. */
export interface EchoBasicsResult {
  /** fuchsia.developer.ffx.Echo.EchoString("hello"). */
  ffxEcho: string;
  /** fuchsia.examples.Echo.EchoString("hello"). */
  examplesEcho: string;
  /** OnString events received after SendString("one"), SendString("two"). */
  events: string[];
  /** GetEcho("got: ") then EchoString("hello"). */
  getEcho: string;
  /** GetEchoPipelined("piped: ") and EchoString("hello") written before the device bound the server. */
  pipelined: string;
}

/** Collects OnString events until it has `expected` of them, then stops serving. */
class CollectingHandler extends EchoEventHandler {
  readonly received: string[] = [];
  readonly #expected: number;
  readonly #out: Output;

  constructor(client: EchoClient, expected: number, out: Output) {
    super(client);
    this.#expected = expected;
    this.#out = out;
  }

  onString(payload: EchoOnStringRequest): void {
    this.received.push(payload.response);
    this.#out.line(`OnString: "${payload.response}"`);
    if (this.received.length === this.#expected) throw new StopEventHandler();
  }
}

/** Pattern 6: echo, events and pipelining. */
export const echoBasics: Example<EchoBasicsResult> = {
  name: "echo",
  title: "6. Echo, events and pipelining",
  description: "plain EchoString, OnString events via SendString + EchoEventHandler, and EchoLauncher.GetEchoPipelined",
  async run({ url, out = createOutput() }: ExampleOptions): Promise<EchoBasicsResult> {
    await using device = await connect(url);
    using ffx = new FfxEchoClient(device.connectDeviceProxy(ECHO_MONIKER, FfxEchoProtocol));
    using echo = new EchoClient(device.connectDeviceProxy(ECHO_MONIKER, EchoProtocol));
    using launcher = new EchoLauncherClient(device.connectDeviceProxy(ECHO_MONIKER, EchoLauncherProtocol));

    out.section("a two-way call: connectDeviceProxy, then await the reply");
    const ffxEcho = (await ffx.echoString({ value: "hello" }, { timeoutMs: 5_000 })).response;
    out.line(`fuchsia.developer.ffx.Echo.EchoString("hello") → "${ffxEcho}"`);
    const examplesEcho = (await echo.echoString({ value: "hello" }, { timeoutMs: 5_000 })).response;
    out.line(`fuchsia.examples.Echo.EchoString("hello") → "${examplesEcho}"`);

    out.section("events: SendString is one-way; the answer comes back as OnString to an EchoEventHandler");
    const handler = new CollectingHandler(echo, 2, out);
    // Sent before the handler serves: events are queued, none is lost.
    echo.sendString({ value: "one" });
    echo.sendString({ value: "two" });
    await bounded(handler.serve(), 5_000, "OnString events");
    const events = handler.received;

    out.section("SLOWER: GetEcho — wait a round trip for the client end, then call");
    const { response: gotEcho } = await launcher.getEcho({ echo_prefix: "got: " }, { timeoutMs: 5_000 });
    using prefixed = new EchoClient(gotEcho);
    const getEcho = (await prefixed.echoString({ value: "hello" }, { timeoutMs: 5_000 })).response;
    out.line(`two round trips: GetEcho, then EchoString → "${getEcho}"`);

    out.section("RIGHT: GetEchoPipelined — make the channel here, send its server end, call at once");
    const [client, server] = Channel.create();
    launcher.getEchoPipelined({ echo_prefix: "piped: ", request: server });
    using piped = new EchoClient(client);
    const pipelined = (await piped.echoString({ value: "hello" }, { timeoutMs: 5_000 })).response;
    out.line(`one round trip: EchoString was written before the device bound the server → "${pipelined}"`);
    return { ffxEcho, examplesEcho, events, getEcho, pipelined };
  },
};

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not arrive within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

if (isMain(import.meta.url)) await runExampleCli(echoBasics);
