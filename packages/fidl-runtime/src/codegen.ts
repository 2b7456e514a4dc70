// @fidl-ws/runtime/codegen: the surface generated bindings import. Keep it small and stable.
export type { ProtocolDescriptor, MethodDescriptor } from "./bindings/protocol.ts";
export { Channel } from "./channel/channel.ts";
// schema
export * from "./schema/index.ts";
// bindings
export {
  Client,
  Server,
  EventHandler,
  DomainError,
  FrameworkError,
  type ClientOptions,
  type ServerOptions,
  type EventHandlerOptions,
  type CallOptions,
  type ResultPromise,
  type MaybePromise,
} from "./bindings/index.ts";
// zx library: the built-in `zx` FIDL library's bindings, imported by generated code as `zx`.
export * as zx from "./zx/library.ts";
