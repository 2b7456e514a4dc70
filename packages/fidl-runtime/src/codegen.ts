// @fidl-ws/runtime/codegen: the surface generated bindings import. Keep it small and stable.
export type { ProtocolDescriptor, MethodDescriptor } from "./bindings/protocol.ts";
export { Channel } from "./channel/channel.ts";
