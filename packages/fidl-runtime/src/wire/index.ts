// The wire layer: header, ordinals, body codec, whole messages. (The handle-extension plumbing
// in handles.ts and the shared Packr stay internal.)
export * from "./header.ts";
export * from "./ordinal.ts";
export { encodeBody, decodeBody } from "./codec.ts";
export * from "./message.ts";
