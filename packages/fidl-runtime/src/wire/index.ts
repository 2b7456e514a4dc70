// The wire layer: header, ordinals, body codec, whole messages.
export * from "./header.ts";
export * from "./ordinal.ts";
export { encodeBody, decodeBody, bodyCodec } from "./codec.ts";
export * from "./message.ts";
export { collectHandles, resolveHandles, HANDLE_EXTENSION_TYPE } from "./handles.ts";
