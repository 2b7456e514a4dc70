// Flow control constants and the memory bound they give, in one place.

/**
 * How the link keeps memory bounded when a producer outpaces a reader.
 *
 * `Channel.write` is synchronous and never blocks, so the link cannot push back on a writer.
 * Instead it stops *reading* the local endpoints it forwards from; messages then wait in those
 * endpoints' own queues, in the writer's process, where the writer can see them pile up
 * (`pendingMessages`) the same way it would for an unread in-process channel.
 *
 * 1. Socket back-pressure. After every send the link checks `ws.bufferedAmount`. Above the
 *    high-water mark it stops listening on every channel; each send's completion callback
 *    (one function per link, not a closure per message) re-checks, and below the low-water mark
 *    it listens again. Close and credit frames still go out while paused.
 * 2. Per-channel credit. Each direction of each channel starts with {@link CHANNEL_CREDIT_WINDOW}
 *    message credits (implicitly, at announcement: no round trip). Forwarding a message costs one;
 *    at zero the link stops listening on that channel only. The receiving link returns credit
 *    once its local reader has taken messages out of the queue: in the header of the next
 *    message it forwards on that channel (so request/response traffic carries its own credit and
 *    costs no extra frames), or in a credit frame once {@link CREDIT_GRANT_BATCH} are owed with
 *    nothing going back. A sender that forwards beyond its credit has that channel closed
 *    (CREDIT_EXCEEDED). If the local end of a channel closes while messages are held back, a
 *    closing frame tells the peer at once (a reader that stopped reading still learns of it, as
 *    in process); the held messages follow as credit returns, then the close.
 *
 * The bound, honestly:
 * - Receiving process: per channel at most {@link CHANNEL_CREDIT_WINDOW} messages (≤ 64 KiB each,
 *   so ≤ 4 MiB) delivered and unread, plus whatever ws holds for one socket read. The link
 *   learns of reads through `Channel.watchPeerReads` / `peerPendingMessages`.
 * - Sending process: ws's buffer holds at most the high-water mark plus one frame (≤ 66 KiB) plus
 *   close/credit frames; the socket's kernel buffer holds what the OS allows. Everything else
 *   waits in the local channel queues, which are bounded only by whoever writes into them:
 *   the link never buffers messages of its own.
 */
export const CHANNEL_CREDIT_WINDOW = 64;

/** Credit is returned once at least this many messages were read (half a window). */
export const CREDIT_GRANT_BATCH = CHANNEL_CREDIT_WINDOW / 2;

/** Default `highWaterMark`: stop reading local channels above this many buffered socket bytes. */
export const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

/** Default `lowWaterMark`: resume reading local channels at or below this many buffered bytes. */
export const DEFAULT_LOW_WATER_MARK = 256 * 1024;
