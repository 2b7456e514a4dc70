// The bindings layer: base classes of generated clients, servers and event handlers.
export { Client, DEFAULT_MAX_QUEUED_EVENTS, type CallOptions, type ClientOptions } from "./client.ts";
export { DEFAULT_MAX_CONCURRENT_HANDLERS, Server, type ServerOptions } from "./server.ts";
export { EventHandler, type EventHandlerOptions } from "./event-handler.ts";
export { FidlError, type FidlErrorCode, type FidlErrorOptions } from "./errors.ts";
export {
  DomainError,
  FrameworkError,
  FrameworkErrorCode,
  type FidlResult,
  type FidlResultKind,
  type MaybePromise,
  type ResultPromise,
} from "./result.ts";
export { StopServer, StopEventHandler } from "./stop.ts";
export type { UnknownInteraction } from "./unknown-interaction.ts";
export type { ProtocolDescriptor, MethodDescriptor, MethodKind, Openness } from "./protocol.ts";
