// The fidl-ws contender and the fidl-ws-only scenarios: a STUB for the lead to complete.
import type { Contender } from "../contender.ts";
import type { SoloScenario } from "../solo-scenario.ts";

/**
 * Creates the fidl-ws contender. main.ts imports this module dynamically and calls this inside a
 * try: while it throws, the run goes on without fidl-ws and prints the reason.
 *
 * To complete it (the setup: the generated Echo client against the device's Echo
 * component, validation on, the device as a separate process):
 *
 * ```ts
 * return childContender({
 *   name: "fidl-ws",                       // keep this name: targets and reports look for it
 *   description: "fidl-ws generated Echo client → fake device Echo component, zod validation on",
 *   // Any script run with `node --import tsx` from packages/bench whose first stdout line is a
 *   // port or `ws://127.0.0.1:PORT` (what `fake-device --port 0` prints).
 *   server: "../fake-device/bin/fake-device.mjs",
 *   args: ["--port", "0"],                 // plus whatever loads the bytes-echo component
 *   async connect(port, firstLine) {
 *     const context = await connect(firstLine);  // one WebSocket link per connection (D needs 200)
 *     const client = new EchoClient(await context.connectDeviceProxy("/core/echo", EchoMarker));
 *     return {
 *       call: async (payload) => (await client.echoBytes({ value: payload })).value,
 *       close: () => context.close(),
 *     };
 *   },
 * });
 * ```
 *
 * The payload is a `Uint8Array` of 16 bytes (A, B, D) or N bytes (C), where N is the largest
 * length whose `{ value: Uint8Array(N) }` request fits one 65,536-byte FIDL message with its
 * 16-byte header, computed with the runtime's own `encodeBody` (65,508 with today's codec): the
 * Echo method needs a `vector<uint8>` parameter of at least that bound, and its response must
 * carry the same bytes back. `call` must resolve with exactly the bytes sent (checked in full
 * once before timing, by length during timing).
 */
export function createContender(): Contender {
  throw new Error("the fidl-ws contender is not implemented yet (packages/bench/src/contenders/fidl-ws.ts)");
}

/**
 * Scenarios only fidl-ws can run; main.ts runs them after A–D when this module imports. Fill in:
 * - E: 10,000 channels open on one link → bytes per channel (heap and RSS growth / 10,000),
 *   `target: { op: "<=", value: 2048 }`, unit `bytes/channel`.
 * - F: the sync facade's round trip → p50 µs of a synchronous Echo call, unit `µs`.
 * - G: reboot with 10,000 pending calls → ms until every call settled,
 *   `target: { op: "<", value: 1000 }`, unit `ms`.
 * Counts should follow `config.scale` (use `scaled()` from config.ts) so a quick run stays quick.
 */
export const fidlWsOnly: readonly SoloScenario[] = [];
