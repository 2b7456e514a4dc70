// @fidl-ws/runtime: the user API first (reach a device, bindings, async toolkit, run-time
// bindings), then the layers under it. What generated code imports is in "./codegen.ts".

// context: connect(url) → DeviceConnection, like Fuchsia Controller's Context
export * from "./context/index.ts";
// bindings: Client / Server / EventHandler, results, FidlError
export * from "./bindings/index.ts";
// toolkit: TaskGroup, wait, Task, logException, stall detector, Queue/Event/Lock/Semaphore, sync facade
export * from "./toolkit/index.ts";
// dynamic: bindings built from .fidl or fidlc IR at run time
export * from "./dynamic/index.ts";
// zx: statuses and ZxError; the built-in `zx` FIDL library as `zx`
export * from "./zx/index.ts";
export * as zx from "./zx/library.ts";
// channel: in-process channel pairs
export * from "./channel/index.ts";
// link: channels multiplexed over one WebSocket
export * from "./link/index.ts";
// wire: transactional header, ordinals, message encoding
export * from "./wire/index.ts";
