// @fidl-ws/runtime: the user API first; what generated code needs is in "./codegen.ts".
export * from "./zx/index.ts";
export * from "./channel/index.ts";
export * from "./wire/index.ts";
export type { ProtocolDescriptor, MethodDescriptor, MethodKind, Openness } from "./bindings/protocol.ts";
