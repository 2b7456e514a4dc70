// @fidl-ws/runtime: the user API first; what generated code needs is in "./codegen.ts".
export * from "./zx/index.ts";
export * from "./channel/index.ts";
export * from "./wire/index.ts";
// bindings
export * from "./bindings/index.ts";
// link
export * from "./link/index.ts";
// context
export * from "./context/index.ts";
// toolkit
export * from "./toolkit/index.ts";
// dynamic
export * from "./dynamic/index.ts";
// zx library: the built-in `zx` FIDL library (zx.Rights, zx.ObjType, zx.CHANNEL_MAX_MSG_BYTES...)
export * as zx from "./zx/library.ts";
