// V8 settings for the device when it runs as its own process (the `fake-device` command only: a
// library must not change the garbage collector of the process that embeds it).
//
// V8 counts the ArrayBuffers allocated since the last mark-compact (socket reads, frames, message
// buffers) against the old generation's limit and starts incremental marking once they come
// within the young generation's size of it. Under a stream of 64 KiB messages that restarts
// marking every ~8 MB of buffers, and every cycle marks the device's whole heap (12.5 MB live,
// mostly loaded modules): 680,000–740,000 instructions per 64 KiB echo with 16 in flight, against
// 240,000–250,000 with incremental marking off, when V8 collects only at the limit itself. The
// price is that a mark-compact is one pause (10–15 ms for this heap) instead of steps.
import v8 from "node:v8";

/** Turns V8's incremental marking off for this process (see above). */
export function turnOffIncrementalMarking(): void {
  v8.setFlagsFromString("--no-incremental-marking");
}
