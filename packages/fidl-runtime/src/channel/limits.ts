// Zircon's per-message channel limits (zircon/types.h: ZX_CHANNEL_MAX_MSG_BYTES / _HANDLES).

/** Largest channel message in bytes, FIDL header included. */
export const MAX_MESSAGE_BYTES = 65_536;
/** Most handles one channel message can carry. */
export const MAX_MESSAGE_HANDLES = 64;
