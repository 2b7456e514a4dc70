// Dynamic bindings: FIDL libraries loaded at run time drive the same Client / Server /
// EventHandler base classes, ordinals and schemas as generated code.
export { loadFidl, loadFidlSources, type LoadFidlInput } from "./load-fidl.ts";
export { FidlLibrary } from "./fidl-library.ts";
export { DynamicProtocol } from "./dynamic-protocol.ts";
export { DynamicClient } from "./dynamic-client.ts";
export { DynamicServer, type DynamicHandler, type DynamicHandlers } from "./dynamic-server.ts";
export { DynamicEventHandler, type DynamicEventHandlers } from "./dynamic-event-handler.ts";
export { fromJson, toJson, stringifyFidl } from "./json-values.ts";
