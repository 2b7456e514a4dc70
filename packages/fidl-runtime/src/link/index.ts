// The link layer: channels carried over one WebSocket between two processes.
export { Link, type LinkOptions, type LinkStats, type FrameDirection } from "./link.ts";
export { connectLink, type ConnectLinkOptions } from "./connect.ts";
export { LinkError, type LinkErrorCode, type LinkErrorOptions } from "./link-error.ts";
export { type LinkRole, BOOTSTRAP_CHANNEL_ID } from "./id-space.ts";
export { LINK_MAX_PAYLOAD, MAX_FRAME_BYTES } from "./frame.ts";
export { LINK_SERVER_OPTIONS } from "./server-options.ts";
export {
  CHANNEL_CREDIT_WINDOW,
  CREDIT_GRANT_BATCH,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_LOW_WATER_MARK,
} from "./flow-control.ts";
