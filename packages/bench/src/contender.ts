// The interface every benchmarked RPC stack implements: a server child process plus echo clients.
import type { Sample } from "./metrics.ts";

/** One client connection that echoes byte payloads through its server. */
export interface EchoConnection {
  /** Sends `payload` and resolves with the server's echo of it. */
  call(payload: Uint8Array): Promise<Uint8Array>;
  /** Closes this connection (not the server). Resolves once the socket is closed. */
  close(): Promise<void>;
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
 * and connects one client; `call()` goes through that client; `connectMany(n)` opens n more
 * clients to the same server (scenario D); `stop()` closes every client and kills the child.
 */
export interface Contender {
  /** Short name used in tables and JSON, e.g. `floor`, `capnweb`. */
  readonly name: string;
  /** One line on what is measured: library, transport, encoding. */
  readonly description: string;
  /** Spawns the server child and connects the main client. */
  start(): Promise<ContenderHandles>;
  /** Echoes `payload` through the main client. */
  call(payload: Uint8Array): Promise<Uint8Array>;
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
