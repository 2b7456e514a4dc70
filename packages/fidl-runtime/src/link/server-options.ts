// The ws server options a link server needs.
import { LINK_MAX_PAYLOAD } from "./frame.ts";

/**
 * Spread into `new WebSocketServer({ host, port, ...LINK_SERVER_OPTIONS })`: a `maxPayload` a
 * little above the largest legal frame, and no per-message deflate (frames are mostly binary
 * FIDL bodies; compressing them costs more CPU than it saves on loopback or LAN).
 */
export const LINK_SERVER_OPTIONS = Object.freeze({ maxPayload: LINK_MAX_PAYLOAD, perMessageDeflate: false as const });
