// The component manager: starts components, routes connections to their protocols, runs every
// connection's server as its own task and reports any failure to the device log.
import { Channel, type FidlError, type ProtocolDescriptor } from "@fidl-ws/runtime";
import {
  type ComponentContext,
  type ComponentImplementation,
  type ComponentLogger,
  type ConnectionContext,
  type ProtocolEntry,
  isValidMoniker,
  normalizeMoniker,
  protocolEntry,
} from "./component.ts";
import { describeError } from "./describe-error.ts";
import { type DeviceLog, Severity, type SeverityValue } from "./log.ts";

/** Where a component comes from: a moniker, the protocols it promises, and how to load it. */
export interface ComponentSource {
  moniker: string;
  /**
   * Protocols the component exposes, known before it loads (config files list them), so a
   * connection can be accepted while the component is still starting. Defaults to what
   * `load` returns.
   */
  protocols?: readonly string[];
  /** Produces the implementation; a throw (or rejection) marks the component failed. */
  load(context: ComponentContext): ComponentImplementation | Promise<ComponentImplementation>;
}

/** Why a connection was refused (the names of fuchsia.developer.remotecontrol.ConnectCapabilityError). */
export type ConnectErrorName =
  | "INVALID_MONIKER"
  | "NO_MATCHING_COMPONENT"
  | "NO_MATCHING_CAPABILITIES"
  | "CAPABILITY_CONNECT_FAILED";

/** The outcome of {@link Realm.connect}. */
export type ConnectResult = { ok: true } | { ok: false; error: ConnectErrorName; message: string };

/** A component's state as listings show it. */
export interface ComponentStatus {
  moniker: string;
  protocols: string[];
  state: "starting" | "running" | "failed";
  error?: string;
}

/** Identifies one connection to a component's protocol (what fault injection and traces see). */
export interface ConnectionInfo {
  moniker: string;
  protocol: string;
  descriptor: ProtocolDescriptor | undefined;
  /** Drops the host connection that asked for this channel (if it came from a host). */
  dropOrigin: (() => void) | undefined;
}

/**
 * Hook run on every accepted connection before the component sees it: returns the channel to
 * serve (possibly an interposed one), or `undefined` if the connection was consumed (e.g. closed
 * with an injected epitaph).
 */
export type ConnectionInterposer = (info: ConnectionInfo, channel: Channel) => Channel | undefined;

interface Instance {
  readonly moniker: string;
  state: "starting" | "running" | "failed";
  error: string | undefined;
  /** Names the component promised; the loaded implementation is checked against them. */
  readonly declared: readonly string[] | undefined;
  protocols: Map<string, ProtocolEntry>;
  readonly abort: AbortController;
  readonly context: ComponentContext;
  /** Channels its servers hold, closed when the component stops. */
  readonly served: Set<Channel>;
  ready: Promise<void>;
}

/** Options for {@link Realm}. */
export interface RealmOptions {
  interpose?: ConnectionInterposer;
  /** How long a component's load plus `start()` may take; default {@link COMPONENT_START_TIMEOUT_MS}. */
  startTimeoutMs?: number;
}

/** Default time a component's module load plus `start()` may take before it is marked failed. */
export const COMPONENT_START_TIMEOUT_MS = 10_000;

/** The set of running components. One realm per boot: a reboot stops it and starts a new one. */
export class Realm {
  readonly #log: DeviceLog;
  readonly #instances = new Map<string, Instance>();
  readonly #interpose: ConnectionInterposer | undefined;
  #stopped = false;
  readonly #startTimeoutMs: number;

  constructor(log: DeviceLog, options: RealmOptions = {}) {
    this.#log = log;
    this.#interpose = options.interpose;
    this.#startTimeoutMs = options.startTimeoutMs ?? COMPONENT_START_TIMEOUT_MS;
  }

  /**
   * Registers and starts components (in parallel). Resolves when every component is running or
   * failed; a failure is logged at ERROR and never rejects. Throws only for a duplicate or
   * invalid moniker (a configuration mistake).
   */
  async start(sources: readonly ComponentSource[]): Promise<void> {
    const started: Promise<void>[] = [];
    for (const source of sources) {
      const moniker = normalizeMoniker(source.moniker);
      if (!isValidMoniker(moniker)) throw new TypeError(`invalid moniker ${JSON.stringify(source.moniker)}`);
      if (this.#instances.has(moniker)) throw new TypeError(`two components have the moniker ${moniker}`);
      const instance = this.#createInstance(moniker, source.protocols);
      this.#instances.set(moniker, instance);
      instance.ready = this.#load(instance, source);
      started.push(instance.ready);
    }
    await Promise.all(started);
  }

  /** Stops every component: aborts their signals and closes every channel their servers hold. */
  stop(): void {
    this.#stopped = true;
    for (const instance of this.#instances.values()) {
      instance.abort.abort(new Error("component stopped"));
      for (const channel of instance.served) channel.close();
      instance.served.clear();
    }
  }

  /** Every component and its protocols, sorted by moniker. */
  list(): ComponentStatus[] {
    return [...this.#instances.values()]
      .sort((a, b) => (a.moniker < b.moniker ? -1 : a.moniker > b.moniker ? 1 : 0))
      .map((instance) => ({
        moniker: instance.moniker,
        protocols: this.#protocolNames(instance),
        state: instance.state,
        ...(instance.error === undefined ? {} : { error: instance.error }),
      }));
  }

  /** Descriptors the components declared (used to name methods in traces). */
  descriptors(): ProtocolDescriptor[] {
    const result: ProtocolDescriptor[] = [];
    for (const instance of this.#instances.values()) {
      for (const entry of instance.protocols.values()) if (entry.descriptor !== undefined) result.push(entry.descriptor);
    }
    return result;
  }

  /**
   * Connects `channel` (a server end) to `protocol` of the component at `moniker`. On success the
   * channel belongs to the component; on failure the caller still owns it (and should close it).
   */
  connect(moniker: string, protocol: string, channel: Channel, dropOrigin?: () => void): ConnectResult {
    const normalized = normalizeMoniker(moniker);
    if (!isValidMoniker(normalized)) {
      return { ok: false, error: "INVALID_MONIKER", message: `${JSON.stringify(moniker)} is not a valid moniker` };
    }
    const instance = this.#instances.get(normalized);
    if (instance === undefined) {
      return { ok: false, error: "NO_MATCHING_COMPONENT", message: `no component at ${normalized}` };
    }
    if (instance.state === "failed") {
      return {
        ok: false,
        error: "CAPABILITY_CONNECT_FAILED",
        message: `component ${normalized} failed to start: ${instance.error ?? "unknown error"}`,
      };
    }
    if (!this.#protocolNames(instance).includes(protocol)) {
      return {
        ok: false,
        error: "NO_MATCHING_CAPABILITIES",
        message: `component ${normalized} exposes no protocol ${JSON.stringify(protocol)}`,
      };
    }
    if (this.#stopped) return { ok: false, error: "CAPABILITY_CONNECT_FAILED", message: "the device is shutting down" };
    if (instance.state === "running") {
      this.#accept(instance, protocol, channel, dropOrigin);
    } else {
      // Starting: accept now (pipelining), serve once loaded; a failed start closes the channel.
      instance.ready.then(() => {
        if (instance.state === "running" && !this.#stopped) this.#accept(instance, protocol, channel, dropOrigin);
        else channel.close();
      });
    }
    return { ok: true };
  }

  #createInstance(moniker: string, declared: readonly string[] | undefined): Instance {
    const abort = new AbortController();
    const logger = this.loggerFor(moniker);
    const context: ComponentContext = {
      moniker,
      logger,
      signal: abort.signal,
      connect: (target, protocol) => this.#connectInternal(target, protocol),
    };
    return {
      moniker,
      state: "starting",
      error: undefined,
      declared,
      protocols: new Map(),
      abort,
      context,
      served: new Set(),
      ready: Promise.resolve(),
    };
  }

  async #load(instance: Instance, source: ComponentSource): Promise<void> {
    // A component that never finishes starting must not keep the device from booting.
    const limitMs = this.#startTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish starting within ${limitMs} ms`)), limitMs);
    });
    try {
      const work = this.#loadAndStart(instance, source);
      // Past the time limit the failure is the timeout; a later rejection has nothing to add.
      work.catch(() => {});
      await Promise.race([work, timedOut]);
      instance.state = "running";
    } catch (error) {
      instance.state = "failed";
      instance.abort.abort(error);
      const { message, stack } = describeError(error);
      instance.error = message;
      this.#log.write(Severity.ERROR, instance.moniker, `component failed to start: ${message}`, stack);
    } finally {
      clearTimeout(timer);
    }
  }

  async #loadAndStart(instance: Instance, source: ComponentSource): Promise<void> {
    const implementation = await source.load(instance.context);
    if (implementation === null || typeof implementation !== "object" || typeof implementation.protocols !== "object") {
      throw new TypeError("the component did not provide an object with a `protocols` map");
    }
    const protocols = new Map<string, ProtocolEntry>();
    for (const [name, value] of Object.entries(implementation.protocols)) {
      const entry = protocolEntry(value);
      if (typeof entry.serve !== "function") throw new TypeError(`protocol ${name} has no serve function`);
      protocols.set(name, entry);
    }
    for (const name of instance.declared ?? []) {
      if (!protocols.has(name)) throw new TypeError(`the component does not implement its declared protocol ${name}`);
    }
    if (instance.declared !== undefined) {
      // Only declared protocols are exposed (a config file is the component's manifest).
      for (const name of [...protocols.keys()]) if (!instance.declared.includes(name)) protocols.delete(name);
    }
    instance.protocols = protocols;
    if (this.#stopped) throw new Error("the device stopped before the component started");
    await implementation.start?.(instance.context);
  }

  #protocolNames(instance: Instance): string[] {
    return instance.declared !== undefined ? [...instance.declared] : [...instance.protocols.keys()];
  }

  #accept(instance: Instance, protocol: string, channel: Channel, dropOrigin: (() => void) | undefined): void {
    const entry = instance.protocols.get(protocol)!;
    let served: Channel | undefined = channel;
    if (this.#interpose !== undefined) {
      served = this.#interpose({ moniker: instance.moniker, protocol, descriptor: entry.descriptor, dropOrigin }, channel);
      if (served === undefined) return;
    }
    this.#run(instance, protocol, entry, served);
  }

  /** Runs one connection's server as its own task. */
  #run(instance: Instance, protocol: string, entry: ProtocolEntry, channel: Channel): void {
    // Errors already logged through serverOptions.onError (with the method), so the rejection of
    // serve() that follows is not logged twice.
    const reported = new WeakSet<object>();
    const onError = (error: FidlError) => {
      if (instance.abort.signal.aborted) return;
      if (error.code === "HANDLER_FAILED" || error.code === "NO_HANDLER" || error.code === "INVALID_RESPONSE") {
        if (typeof error.cause === "object" && error.cause !== null) reported.add(error.cause);
        reported.add(error);
        this.reportHandlerFailure(instance.moniker, protocol, error, error.method);
      } else {
        reported.add(error);
        this.#log.write(Severity.WARN, instance.moniker, `${protocol}: ${error.message}`);
      }
    };
    const context: ConnectionContext = { ...instance.context, protocol, serverOptions: { onError } };
    instance.served.add(channel);
    const done = () => instance.served.delete(channel);
    const fail = (error: unknown) => {
      done();
      channel.close();
      if (instance.abort.signal.aborted) return; // Stopping: servers failing on closed channels are expected.
      if (typeof error === "object" && error !== null && reported.has(error)) return;
      this.reportHandlerFailure(instance.moniker, protocol, error);
    };
    let outcome: unknown;
    try {
      outcome = entry.serve(channel, context);
    } catch (error) {
      fail(error);
      return;
    }
    if (outcome !== null && typeof outcome === "object" && typeof (outcome as PromiseLike<unknown>).then === "function") {
      Promise.resolve(outcome).then(done, fail);
    }
  }

  /** Writes an ERROR record for a server that failed: protocol, method (when known), message, stack. */
  reportHandlerFailure(moniker: string, protocol: string, error: unknown, method?: string): void {
    const described = describeError(error);
    const name = method ?? described.method;
    const where = name === undefined ? protocol : `${protocol}.${name}`;
    this.#log.write(Severity.ERROR, moniker, `${where} handler failed: ${described.message}`, described.stack);
  }

  /** A logger writing under `moniker`. */
  loggerFor(moniker: string): ComponentLogger {
    const write = (severity: SeverityValue, message: string, error?: unknown) => {
      if (error === undefined) {
        this.#log.write(severity, moniker, message);
        return;
      }
      const described = describeError(error);
      this.#log.write(severity, moniker, `${message}: ${described.message}`, described.stack);
    };
    return {
      trace: (message) => write(Severity.TRACE, message),
      debug: (message) => write(Severity.DEBUG, message),
      info: (message) => write(Severity.INFO, message),
      warn: (message, error) => write(Severity.WARN, message, error),
      error: (message, error) => write(Severity.ERROR, message, error),
    };
  }

  #connectInternal(moniker: string, protocol: string): Channel {
    const [client, server] = Channel.create();
    const result = this.connect(moniker, protocol, server);
    if (!result.ok) server.close();
    return client;
  }
}
