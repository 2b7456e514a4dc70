// Tests for the synchronous facade: real worker threads running the fixture modules; values,
// ZxError statuses, timeouts, crashes and teardown as a synchronous caller sees them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SyncFacade, SyncWorker } from "../../src/toolkit/sync/facade.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import type { EchoApi } from "./fixtures/echo-api.ts";
import type { EchoInstance } from "./fixtures/echo-instance.ts";
import { expectNoUnhandledRejections, thrownBy } from "./helpers.ts";

expectNoUnhandledRejections();

const echoApiUrl = new URL("./fixtures/echo-api.ts", import.meta.url);
const echoInstanceUrl = new URL("./fixtures/echo-instance.ts", import.meta.url);

describe("SyncFacade.start with an async factory", () => {
  let echo: SyncFacade<EchoApi>;
  const flags = new Int32Array(new SharedArrayBuffer(4));

  beforeAll(() => {
    echo = SyncFacade.start<EchoApi>(echoApiUrl, { args: ["echo: ", flags], timeoutMs: 500 });
  });
  afterAll(() => {
    echo.close();
  });

  it("returns the awaited value synchronously", () => {
    expect(echo.echo("hello")).toBe("echo: hello");
    expect(echo.add(2, 40)).toBe(42);
  });

  it("keeps state on the worker's loop across calls", () => {
    const first = echo.count();
    expect(echo.count()).toBe(first + 1);
  });

  it("structured-clones binary results", () => {
    const bytes = echo.bytes(3);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([7, 7, 7]);
  });

  it("rethrows a ZxError thrown on the worker with its status and message", () => {
    const error = thrownBy(() => echo.lookup("missing"));
    expect(error).toBeInstanceOf(ZxError);
    expect((error as ZxError).status).toBe(ZxStatus.NOT_FOUND);
    expect((error as ZxError).message).toBe('[ZX_ERR_NOT_FOUND] no entry for "missing"');
    expect((error as ZxError).rawMessage).toBe('no entry for "missing"');
    // The stack is where the error happened: in the fixture, on the worker.
    expect((error as Error).stack).toMatch(/echo-api\.ts/);
  });

  it("rethrows other errors with their class and message", () => {
    const error = thrownBy(() => echo.rangeError());
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe("index 9 out of range");
  });

  it("exposes only public methods, with close() reserved for teardown", () => {
    expect(Object.keys(echo).sort()).toEqual([
      "add",
      "bytes",
      "count",
      "crash",
      "echo",
      "exit",
      "hang",
      "lookup",
      "rangeError",
      "unclonable",
    ]);
    expect("_internal" in echo).toBe(false);
  });

  it("throws ZX_ERR_NOT_SUPPORTED for a result that cannot cross threads, and stays usable", () => {
    const error = thrownBy(() => echo.unclonable());
    expect(ZxError.is(error, ZxStatus.NOT_SUPPORTED)).toBe(true);
    expect((error as ZxError).message).toMatch(/^\[ZX_ERR_NOT_SUPPORTED\] the result cannot be sent back to the caller's thread: /);
    expect(echo.echo("still")).toBe("echo: still");
  });

  it("times a hanging call out with ZX_ERR_TIMED_OUT, then keeps answering", () => {
    const started = performance.now();
    const error = thrownBy(() => echo.hang());
    const elapsed = performance.now() - started;
    expect(ZxError.is(error, ZxStatus.TIMED_OUT)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_TIMED_OUT] echo-api.ts hang() did not answer within 500 ms");
    expect(elapsed).toBeGreaterThanOrEqual(495);
    expect(elapsed).toBeLessThan(2_500);
    expect(echo.echo("after")).toBe("echo: after");
  });

  it("calls the API's own close() on the worker at teardown, then refuses calls with ZX_ERR_BAD_STATE", () => {
    const facade = SyncFacade.start<EchoApi>(echoApiUrl, { args: ["", flags] });
    expect(Atomics.load(flags, 0)).toBe(0);
    facade.close();
    expect(Atomics.load(flags, 0)).toBe(1);
    const error = thrownBy(() => facade.echo("x"));
    expect(ZxError.is(error, ZxStatus.BAD_STATE)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_BAD_STATE] sync facade for echo-api.ts is closed; cannot call echo()");
    facade.close();
  });
});

describe("SyncWorker", () => {
  let shared: SyncWorker<EchoApi>;
  beforeAll(() => {
    shared = new SyncWorker<EchoApi>(echoApiUrl, { args: [">"] });
  });
  afterAll(() => {
    shared.close();
  });

  it("applies a per-call timeout with callWithTimeout()", () => {
    expect(shared.call("echo", "x")).toBe(">x");
    const error = thrownBy(() => shared.callWithTimeout(50, "hang"));
    expect((error as ZxError).message).toBe("[ZX_ERR_TIMED_OUT] echo-api.ts hang() did not answer within 50 ms");
    expect(shared.call("echo", "y")).toBe(">y");
  });

  it("throws ZX_ERR_NOT_FOUND for a method the API does not have", () => {
    const call = shared.call as (method: string) => unknown;
    const error = thrownBy(() => call.call(shared, "_internal"));
    expect(ZxError.is(error, ZxStatus.NOT_FOUND)).toBe(true);
    expect((error as ZxError).message).toMatch(/^\[ZX_ERR_NOT_FOUND\] echo-api\.ts has no public method "_internal" \(it has: add, bytes, /);
  });

  it("throws ZX_ERR_INVALID_ARGS for arguments that cannot be cloned", () => {
    const call = shared.call as (method: string, ...args: unknown[]) => unknown;
    const error = thrownBy(() => call.call(shared, "echo", () => "a function"));
    expect(ZxError.is(error, ZxStatus.INVALID_ARGS)).toBe(true);
    expect((error as ZxError).message).toMatch(/^\[ZX_ERR_INVALID_ARGS\] arguments of echo\(\) cannot be sent to the worker: /);
    expect(shared.call("echo", "z")).toBe(">z");
  });

  it("wakes the caller with ZX_ERR_PEER_CLOSED and the cause when the worker crashes", () => {
    using worker = new SyncWorker<EchoApi>(echoApiUrl, { args: [""] });
    const error = thrownBy(() => worker.call("crash", "worker boom"));
    expect(ZxError.is(error, ZxStatus.PEER_CLOSED)).toBe(true);
    expect((error as ZxError).message).toBe(
      "[ZX_ERR_PEER_CLOSED] sync facade worker for echo-api.ts exited with code 1 during crash(): worker boom",
    );
    expect(((error as ZxError).cause as Error).message).toBe("worker boom");
    expect(worker.closed).toBe(true);
    expect(thrownBy(() => worker.call("echo", "x"))).toBe(error);
  });

  it("reports process.exit() on the worker as ZX_ERR_PEER_CLOSED with the exit code", () => {
    using worker = new SyncWorker<EchoApi>(echoApiUrl, { args: [""] });
    const error = thrownBy(() => worker.call("exit", 3));
    expect((error as ZxError).message).toBe("[ZX_ERR_PEER_CLOSED] sync facade worker for echo-api.ts exited with code 3 during exit()");
  });

  it("rethrows a factory's ZxError from the constructor with its status", () => {
    const error = thrownBy(() => new SyncWorker(echoApiUrl, { export: "unreachable" }));
    expect(ZxError.is(error, ZxStatus.NOT_FOUND)).toBe(true);
    expect((error as ZxError).message).toBe("[ZX_ERR_NOT_FOUND] device echo-target not found");
  });

  it("fails to start with ZX_ERR_NOT_FOUND for a missing export and ZX_ERR_WRONG_TYPE for a non-object", () => {
    const missing = thrownBy(() => new SyncWorker(echoApiUrl, { export: "nope" }));
    expect((missing as ZxError).message).toBe(`[ZX_ERR_NOT_FOUND] ${echoApiUrl.href} has no export "nope"`);
    const wrong = thrownBy(() => new SyncWorker(echoApiUrl, { export: "notAnApi" }));
    expect((wrong as ZxError).message).toBe(`[ZX_ERR_WRONG_TYPE] export "notAnApi" of ${echoApiUrl.href} gave number, not an object of methods`);
  });

  it("fails to start with the loader's error for a module that does not exist", () => {
    const error = thrownBy(() => new SyncWorker(new URL("./fixtures/missing.ts", import.meta.url)));
    expect((error as { code?: string }).code).toBe("ERR_MODULE_NOT_FOUND");
    expect((error as Error).message).toMatch(/missing\.ts/);
  });

  it("times out a start that never finishes with ZX_ERR_TIMED_OUT", () => {
    const error = thrownBy(() => new SyncWorker(echoApiUrl, { export: "stuck", startTimeoutMs: 1_000 }));
    expect((error as ZxError).message).toBe("[ZX_ERR_TIMED_OUT] echo-api.ts start did not answer within 1000 ms");
  });

  it("reports a start that can never finish (nothing left to run) as ZX_ERR_PEER_CLOSED", () => {
    const error = thrownBy(() => new SyncWorker(echoApiUrl, { export: "deadlocked" }));
    expect((error as ZxError).message).toBe(
      '[ZX_ERR_PEER_CLOSED] sync facade worker for echo-api.ts exited with code 0 during start: export "deadlocked" never settled and nothing was left to run',
    );
  });

  it("refuses a relative module path with ZX_ERR_INVALID_ARGS", () => {
    const error = thrownBy(() => new SyncWorker("./fixtures/echo-api.ts"));
    expect((error as ZxError).message).toBe(
      '[ZX_ERR_INVALID_ARGS] sync facade module "./fixtures/echo-api.ts" must be a URL or an absolute path, e.g. new URL("./api.ts", import.meta.url)',
    );
  });

  it("backs a class whose public methods are synchronous fronts (the doc's _asyncmethod class)", () => {
    class FidlInstance extends SyncWorker<EchoInstance> {
      constructor(prefix: string) {
        super(echoInstanceUrl, { export: "EchoInstance", args: [prefix] });
      }
      echo(value: string): string {
        return this.call("echo", value);
      }
      functionWeCareAbout(): number {
        return this.call("next");
      }
    }
    using inst = new FidlInstance("foo");
    expect(inst.echo("bar")).toBe("foobar");
    inst.call("push", 1);
    expect(inst.functionWeCareAbout()).toBe(1);
  });
});

describe("SyncFacade.start with a class export", () => {
  it("constructs the class on the worker and exposes its public methods only", () => {
    using inst = SyncFacade.start<EchoInstance>(echoInstanceUrl, { export: "EchoInstance", args: ["> "] });
    expect(Object.keys(inst).sort()).toEqual(["echo", "next", "push"]);
    expect(inst.echo("hi")).toBe("> hi");
    inst.push(5);
    inst.push(6);
    expect(inst.next()).toBe(5);
    expect(inst.next()).toBe(6);
  });
});
