// Pattern 5 — "Running async code inside synchronous code": a synchronous function cannot wait
// for a promise on its own thread (blocking would stop the very loop that must deliver the reply),
// so the sync facade runs the async client on a worker thread and blocks in Atomics.wait — the
// JavaScript form of the doc's loop-owning FidlInstance class and its `_asyncmethod` decorator.
import { SyncFacade, SyncWorker, connect, sleepSync } from "@fidl-ws/runtime";
import { EchoClient as FfxEchoClient, EchoProtocol as FfxEchoProtocol } from "../../generated/fuchsia.developer.ffx.ts";
import { ECHO_MONIKER } from "../monikers.ts";
import { type Output, createOutput } from "../output.ts";
import type { EchoApi } from "../sync/echo-api.ts";
import { type Example, type ExampleOptions, isMain, messageOf, runExampleCli, statusOf } from "./example.ts";

const ECHO_API = new URL("../sync/echo-api.ts", import.meta.url);

/** What {@link syncFacade} observed. */
export interface SyncFacadeResult {
  /** WRONG: what a synchronous caller holds after blocking for the reply (`Promise { <pending> }`). */
  wrongState: string;
  /** RIGHT: what `inst.echo("foobar")` returned, synchronously. */
  echoed: string;
  /** RIGHT: the state kept across calls on the worker's loop. */
  callCount: number;
  /** RIGHT: the status of the error a failing call threw, synchronously. */
  errorStatus: string;
  /** Teardown: the status of a call made after `close()`. */
  afterClose: string;
}

/**
 * The doc's FidlInstance: public methods that look synchronous, running async code on one loop
 * (a worker thread's) that lives as long as the instance.
 */
export class FidlInstance extends SyncWorker<EchoApi> {
  /** Starts the worker and connects it to the device at `url`; blocks until it is ready. */
  constructor(url: string) {
    super(ECHO_API, { export: "openEchoApi", args: [url], timeoutMs: 10_000 });
  }

  /** Echoes `value` through fuchsia.developer.ffx.Echo, synchronously. */
  echo(value: string): string {
    return this.call("echo", value);
  }

  /** How many calls the worker has served. */
  callCount(): number {
    return this.call("callCount");
  }
}

/** A synchronous function that tries to use the async client directly. */
function echoFromSyncCodeWrongly(echo: FfxEchoClient, out: Output): { pending: Promise<unknown>; state: () => string } {
  const pending = echo.echoString({ value: "from sync code" }, { timeoutMs: 5_000 });
  let state = "Promise { <pending> }";
  pending.then(
    (value) => (state = `"${value.response}"`),
    (error: unknown) => (state = `rejected: ${messageOf(error)}`),
  );
  // Waiting for it here cannot work: the reply is read by this thread's event loop, which this wait blocks.
  sleepSync(300);
  out.line(`after blocking 300 ms for the reply, the synchronous caller holds: ${state}`);
  return { pending, state: () => state };
}

/** Pattern 5: synchronous code calling the device through the sync facade. */
export const syncFacade: Example<SyncFacadeResult> = {
  name: "sync-facade",
  title: "5. Synchronous code calling the device",
  description: "a sync function cannot block on a promise; SyncWorker/SyncFacade run the client on a worker, with teardown",
  async run({ url, out = createOutput() }: ExampleOptions): Promise<SyncFacadeResult> {
    out.section("WRONG: call the async client from synchronous code and block until the reply is there");
    let wrongState: string;
    {
      await using device = await connect(url);
      const echo = new FfxEchoClient(device.connectDeviceProxy(ECHO_MONIKER, FfxEchoProtocol));
      const wrong = echoFromSyncCodeWrongly(echo, out);
      wrongState = wrong.state();
      await wrong.pending;
      out.line(`only once the thread is free again does it settle: ${wrong.state()}`);
      echo.$close();
    }

    out.section("RIGHT: FidlInstance extends SyncWorker — its methods block on a worker thread's loop");
    let echoed: string;
    let callCount: number;
    let errorStatus: string;
    let afterClose: string;
    {
      using inst = new FidlInstance(url);
      echoed = inst.echo("foobar");
      out.line(`inst.echo("foobar") returned "${echoed}" synchronously`);
      inst.echo("again");
      callCount = inst.callCount();
      out.line(`state lives on the worker's loop across calls: callCount() = ${callCount}`);

      out.section("RIGHT: SyncFacade.start() — errors are rethrown synchronously with their status");
      const facade = SyncFacade.start<EchoApi>(ECHO_API, { export: "openEchoApi", args: [url], timeoutMs: 10_000 });
      try {
        facade.echoFaulty("boom");
        errorStatus = "no error";
      } catch (error) {
        errorStatus = statusOf(error);
        out.line(`facade.echoFaulty("boom") threw: ${messageOf(error)}`);
      }
      out.section("teardown: close() closes the API on the worker (its device connection), then ends the worker");
      facade.close();
      try {
        facade.echo("after close");
        afterClose = "no error";
      } catch (error) {
        afterClose = statusOf(error);
        out.line(`a call after close() throws: ${messageOf(error)}`);
      }
      // `using` closes inst here, as the doc's __del__ closes its loop.
    }
    out.line("FidlInstance closed by `using` at the end of its block");
    return { wrongState, echoed, callCount, errorStatus, afterClose };
  },
};

if (isMain(import.meta.url)) await runExampleCli(syncFacade);
