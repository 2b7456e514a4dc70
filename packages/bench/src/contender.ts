// The interface every benchmarked RPC stack implements: a server child process plus echo clients.
import type { Sample } from "./metrics.ts";

/**
 * How the bench calls one client, in two steps as user code does: `call` is the library's own
 * call and returns the library's own promise, and `echoed` reads the echoed payload out of what
 * it resolved to (`(await client.echo({ value })).value`). No adapter function sits between the
 * two: an `async` wrapper per call costs a promise and a microtask (fidl-ws's client in D spent
 * 3,400 of its 42,400 cycles a call on one), which no user pays.
 */
export interface EchoCaller {
  /** Sends `payload`; resolves with the library's response to it. */
  call(payload: Uint8Array): Promise<unknown>;
  /** The echoed payload in a response `call` resolved with. */
  echoed(response: unknown): Uint8Array;
}

/** One client connection that echoes byte payloads through its server. */
export interface EchoConnection extends EchoCaller {
  /** Closes this connection (not the server). Resolves once the socket is closed. */
  close(): Promise<void>;
}

/** `echoed` of a library whose call resolves with the payload itself. */
export const payloadItself = (response: unknown): Uint8Array => response as Uint8Array;

/** One echo outside the timed loops (checks, tests): the payload the server sent back. */
export async function echo(caller: EchoCaller, payload: Uint8Array): Promise<Uint8Array> {
  return caller.echoed(await caller.call(payload));
}

/** What {@link Contender.start} hands back: the server child and where it listens. */
export interface ContenderHandles {
  /** Process id of the server child. */
  readonly pid: number;
  /** The loopback port the server listens on. */
  readonly port: number;
}

/**
 * One RPC stack under test. `start()` spawns its server as a child process on 127.0.0.1 port 0
 * and connects one client; `call()` and `echoed()` ({@link EchoCaller}) go through that client;
 * `connectMany(n)` opens n more clients to the same server (scenario D); `stop()` closes every
 * client and kills the child.
 */
export interface Contender extends EchoCaller {
  /** Short name used in tables and JSON, e.g. `floor`, `capnweb`. */
  readonly name: string;
  /** One line on what is measured: library, transport, encoding. */
  readonly description: string;
  /** Spawns the server child and connects the main client. */
  start(): Promise<ContenderHandles>;
  /** Opens `n` further client connections to the running server, each ready to serve a call when it resolves. */
  connectMany(n: number): Promise<EchoConnection[]>;
  /** Closes the clients and kills the server child; safe to call twice or before `start()`. */
  stop(): Promise<void>;
  /**
   * Set when the contender's clients live in a worker of their own (isolated-contender.ts): runs
   * one sample of scenario `scenarioId` there and returns it with the mark-compacts the worker's
   * heap went through meanwhile. The runner uses it instead of running the scenario itself.
   */
  runSample?(scenarioId: string, fraction: number): Promise<MeasuredSample>;
}

/** A sample, and the mark-compacts its clients' heap went through meanwhile (if they were counted). */
export interface MeasuredSample {
  readonly sample: Sample;
  readonly markCompacts: number | undefined;
}
