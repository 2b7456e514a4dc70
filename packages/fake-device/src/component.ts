// The component model: what a component is (a moniker plus protocols it serves) and what it is
// given (a context with its moniker, a logger, an abort signal and a way to reach other components).
import type { Channel, FidlError, ProtocolDescriptor } from "@fidl-ws/runtime";

/** Writes records to the device log under one component's moniker. */
export interface ComponentLogger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  /** Logs at ERROR; with `error`, its stack goes into the record. */
  error(message: string, error?: unknown): void;
}

/** What every component (and every connection it serves) is given. */
export interface ComponentContext {
  /** The component's moniker, e.g. `/core/echo`. */
  readonly moniker: string;
  readonly logger: ComponentLogger;
  /** Aborted when the component stops (device reboot or shutdown). */
  readonly signal: AbortSignal;
  /**
   * Connects to `protocol` exposed by the component at `moniker`; returns the client end at once
   * (pipelined). If there is no such component or protocol, the channel's peer is closed, so the
   * first call fails with PEER_CLOSED.
   */
  connect(moniker: string, protocol: string): Channel;
}

/** The context of one connection: the component's context plus the protocol connected to. */
export interface ConnectionContext extends ComponentContext {
  /** Discoverable name of the protocol served on this connection. */
  readonly protocol: string;
  /**
   * Options to pass to the generated server (`new EchoImpl(channel, context.serverOptions)`):
   * its `onError` sends failures to the device log naming the method (a handler that throws is
   * logged with protocol, method and stack). Without them the failure is still logged when
   * `serve()` rejects, but without the method name.
   */
  readonly serverOptions: { onError(error: FidlError): void };
}

/**
 * Serves one connection. Typically `(channel) => new EchoImpl(channel).serve()`. A returned
 * promise that rejects (or a synchronous throw) is reported to the device log with the error's
 * stack and the channel is closed; other connections keep being served.
 */
export type ServeFunction = (channel: Channel, context: ConnectionContext) => unknown;

/** A protocol entry: the serve function, plus the descriptor (names methods in traces and logs). */
export interface ProtocolEntry {
  serve: ServeFunction;
  descriptor?: ProtocolDescriptor;
}

/** What a component implements, without its moniker (the shape a component module exports). */
export interface ComponentImplementation {
  /** Discoverable protocol name (e.g. `fuchsia.examples.Echo`) → how to serve it. */
  protocols: Record<string, ServeFunction | ProtocolEntry>;
  /** Runs once per boot before the first connection is served; a throw marks the component failed. */
  start?(context: ComponentContext): unknown;
}

/** A component given to the device programmatically. */
export interface ComponentDefinition extends ComponentImplementation {
  /** Where the component lives, e.g. `/core/echo`. */
  moniker: string;
}

/**
 * What a component module (named in a config file) exports: an implementation, or a factory
 * that returns one (sync or async) given the component's context.
 */
export type ComponentModuleExport =
  | ComponentImplementation
  | ((context: ComponentContext) => ComponentImplementation | Promise<ComponentImplementation>);

/** Normalizes a protocol entry. */
export function protocolEntry(value: ServeFunction | ProtocolEntry): ProtocolEntry {
  return typeof value === "function" ? { serve: value } : value;
}

/** Helper for component authors: a component definition with types checked. */
export function defineComponent(definition: ComponentDefinition): ComponentDefinition {
  return definition;
}

/** True for a well-formed moniker: `/` followed by `/`-separated non-empty segments of [A-Za-z0-9_.-:]. */
export function isValidMoniker(moniker: string): boolean {
  return /^\/(?:[A-Za-z0-9_.:-]+(?:\/[A-Za-z0-9_.:-]+)*)?$/.test(moniker) && moniker.length <= 4096;
}

/** Canonical form of a moniker: leading `/`, no trailing `/` (`core/echo` → `/core/echo`). */
export function normalizeMoniker(moniker: string): string {
  let result = moniker.trim();
  if (result.startsWith("./")) result = result.slice(1);
  if (!result.startsWith("/")) result = `/${result}`;
  if (result.length > 1 && result.endsWith("/")) result = result.slice(0, -1);
  return result;
}
