// The channel layer.
export { Channel, type ChannelMessage, type ChannelListener, type ReadOptions } from "./channel.ts";
export { MAX_MESSAGE_BYTES, MAX_MESSAGE_HANDLES } from "./limits.ts";
