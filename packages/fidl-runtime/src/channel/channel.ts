// In-process channels: a connected pair of endpoints carrying bytes and endpoint handles.
import { nextTick } from "node:process";
import { ZxError } from "../zx/error.ts";
import { ZxStatus, type ZxStatusCode } from "../zx/status.ts";
import { encodeEpitaph } from "../wire/epitaph.ts";
import { MAX_MESSAGE_BYTES, MAX_MESSAGE_HANDLES } from "./limits.ts";

/** One message read from a channel: its bytes and the endpoints it carried. */
export interface ChannelMessage {
  readonly bytes: Uint8Array;
  readonly handles: Channel[];
}

/**
 * @internal A listener with a `[DELIVER_IN_WRITE]()` method (a link's proxy) is asked on each
 * local `write()` that finds nothing queued ahead of it; `true` delivers the message inside
 * that `write()` call. A proxy says yes while its link is quiet (at most one frame a turn): a
 * lone request or reply then leaves before the rest of its writer's turn runs. Under load it
 * says no, and messages queue as documented (forwarding every write at once cost a device
 * answering 256 pipelined calls a tenth to a third of its throughput).
 */
export const DELIVER_IN_WRITE: unique symbol = Symbol("fidl-ws.deliverInWrite");

/**
 * Push-mode consumer of a channel (used by bindings and the link, which would otherwise pay a
 * promise per message). Messages arrive in order, in a microtask after they were written.
 */
export interface ChannelListener {
  message(message: ChannelMessage): void;
  /** Called once, after the last queued message: the peer closed or this endpoint was moved. */
  closed(reason: ZxError): void;
  /** @internal See {@link SYNC_DELIVERY}. */
  readonly [SYNC_DELIVERY]?: true;
  /** @internal See {@link DELIVER_IN_WRITE}. */
  [DELIVER_IN_WRITE]?(): boolean;
}

/**
 * @internal A listener carrying `[SYNC_DELIVERY]: true` (the bindings) is called synchronously
 * when a relay — a link handing over what arrived on its socket — writes and nothing is queued
 * ahead: no caller's `write()` is on the stack then, and the message skips a queue push, a
 * scheduled drain and a take. Every other write, and every other listener, keeps the documented
 * microtask delivery, except as {@link DELIVER_IN_WRITE} allows.
 */
export const SYNC_DELIVERY: unique symbol = Symbol("fidl-ws.syncDelivery");

/** @internal `channel[relayWrite](bytes, handles)`: `write` on behalf of a relay (see SYNC_DELIVERY). */
export const relayWrite: unique symbol = Symbol("fidl-ws.relayWrite");

/**
 * @internal `channel[announcePeerClosing]()`: a relay learned that the far end of this channel
 * closed while it still holds messages for it (a link waiting for credit). The local peer's
 * {@link Channel.watchPeerClosed} fires now, as it would in process; reads still return every
 * message, and PEER_CLOSED comes once the relay closes this end after the last one.
 */
export const announcePeerClosing: unique symbol = Symbol("fidl-ws.announcePeerClosing");

/**
 * @internal `channel[watchPeerGone](callback)`: like {@link Channel.watchPeerClosed}, but only
 * for the peer really closing, never for {@link announcePeerClosing}. For relays (a link's
 * proxy): a relay told early would close its own hop while messages are still on the way.
 */
export const watchPeerGone: unique symbol = Symbol("fidl-ws.watchPeerGone");

/** Options for {@link Channel.read}. */
export interface ReadOptions {
  /** Abort the wait: the read rejects with ZX_ERR_CANCELED. */
  signal?: AbortSignal;
}

let nextKoid = 1;

/**
 * Endpoints waiting for their drain, run by one promise job per burst. Node's `queueMicrotask`
 * allocates an AsyncResource and a bound function per call, and a function per endpoint would
 * cost memory on every open channel; this costs neither. Endpoints drain in the order they asked.
 */
let drainsDue: Endpoint[] = [];
let spareDrains: Endpoint[] = [];
const settled = Promise.resolve();

function scheduleDrainOf(endpoint: Endpoint): void {
  if (drainsDue.push(endpoint) === 1) void settled.then(runDueDrains);
}

function runDueDrains(): void {
  // Swap lists first: drains scheduled from inside a drain go to the next job.
  const due = drainsDue;
  drainsDue = spareDrains;
  for (let i = 0; i < due.length; i++) {
    try {
      due[i]!.drain();
    } catch (error) {
      // A listener that throws is a bug in it: an uncaught exception, as with queueMicrotask.
      rethrowUncaught(error);
    }
  }
  // Emptied by pops: assigning `length` is a call into the runtime, and this runs per burst.
  while (due.length > 0) due.pop();
  spareDrains = due;
}

function rethrowUncaught(error: unknown): void {
  nextTick(() => {
    throw error;
  });
}

/** A `read()` waiting for a message. */
interface PendingRead {
  resolve(message: ChannelMessage): void;
  reject(error: ZxError): void;
}

const NO_READERS: PendingRead[] = [];

/** The state of one endpoint; a {@link Channel} handle points at it until the handle is moved. */
class Endpoint {
  readonly koid = nextKoid++;
  peer: Endpoint | undefined;
  readonly queue: ChannelMessage[] = [];
  /** Start of unread messages in `queue` (avoids O(n) shifts). */
  head = 0;
  closed = false;
  peerClosed = false;
  /** The far end closed and a relay is delivering what it wrote last (see announcePeerClosing). */
  peerClosing = false;
  /** Pending `read()` calls, oldest first; made on the first one (most endpoints have a listener). */
  readers: PendingRead[] | undefined = undefined;
  listener: ChannelListener | undefined;
  drainScheduled = false;
  /** True while a listener runs inside {@link deliverNow}: later messages queue behind it. */
  delivering = false;
  /** Told each time the peer takes a message from its queue (the link returns credit then). */
  peerReadWatcher: (() => void) | undefined;
  /** Told once when the peer closes, listener or not (a paused reader still learns of it). */
  peerClosedWatcher: (() => void) | undefined;
  /** Told once when the peer really closes (see watchPeerGone). */
  peerGoneWatcher: (() => void) | undefined;

  get hasReaders(): boolean {
    return this.readers !== undefined && this.readers.length > 0;
  }

  /** Removes and returns every pending read. */
  takeReaders(): PendingRead[] {
    const readers = this.readers;
    if (readers === undefined || readers.length === 0) return NO_READERS;
    this.readers = undefined;
    return readers;
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  take(): ChannelMessage | undefined {
    if (this.head >= this.queue.length) return undefined;
    const message = this.queue[this.head]!;
    this.queue[this.head++] = undefined as unknown as ChannelMessage;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.peer?.peerReadWatcher?.();
    return message;
  }

  deliver(message: ChannelMessage, relayed: boolean): void {
    const reader = this.readers?.shift();
    if (reader !== undefined) {
      reader.resolve(message);
      return;
    }
    const listener = this.listener;
    if (listener !== undefined && this.canDeliverNow(listener, relayed)) {
      this.deliverNow(listener, message);
      return;
    }
    this.queue.push(message);
    if (listener !== undefined) this.scheduleDrain();
  }

  /** Whether a message may skip the queue: a listener that opted in, nothing ahead of it. */
  canDeliverNow(listener: ChannelListener, relayed: boolean): boolean {
    if (this.delivering || this.drainScheduled || this.head !== this.queue.length) return false;
    return relayed ? listener[SYNC_DELIVERY] === true : listener[DELIVER_IN_WRITE]?.() === true;
  }

  /** Hands `message` to `listener` now, as `drain` would (the writer learns of the read first). */
  deliverNow(listener: ChannelListener, message: ChannelMessage): void {
    this.delivering = true;
    try {
      this.peer?.peerReadWatcher?.();
      listener.message(message);
    } catch (error) {
      // Not the writer's failure: surface it the way a throw in the microtask would.
      rethrowUncaught(error);
    } finally {
      this.delivering = false;
    }
  }

  scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    scheduleDrainOf(this);
  }

  drain(): void {
    this.drainScheduled = false;
    for (;;) {
      const listener = this.listener;
      if (listener === undefined) return;
      const message = this.take();
      if (message === undefined) break;
      listener.message(message);
    }
    if (this.peerClosed && this.listener !== undefined) {
      const listener = this.listener;
      this.listener = undefined;
      listener.closed(peerClosedError());
    }
  }

  onPeerClosed(): void {
    this.peerClosed = true;
    for (const reader of this.takeReaders()) reader.reject(peerClosedError());
    if (this.listener !== undefined) this.scheduleDrain();
    this.notifyPeerClosedWatcher();
    const gone = this.peerGoneWatcher;
    this.peerGoneWatcher = undefined;
    gone?.();
  }

  notifyPeerClosedWatcher(): void {
    const watcher = this.peerClosedWatcher;
    this.peerClosedWatcher = undefined;
    watcher?.();
  }

  /** Closes this endpoint: unread messages' handles are closed too, and the peer is told. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Errors capture a stack: made only when a pending read is there to receive one.
    if (this.hasReaders) {
      const closedError = new ZxError(ZxStatus.BAD_HANDLE, "channel endpoint closed");
      for (const reader of this.takeReaders()) reader.reject(closedError);
    }
    this.listener = undefined;
    for (let m = this.take(); m !== undefined; m = this.take()) closeAll(m.handles);
    const peer = this.peer;
    this.peer = undefined;
    if (peer !== undefined) {
      peer.peer = undefined;
      peer.onPeerClosed();
    }
  }
}

function peerClosedError(): ZxError {
  return new ZxError(ZxStatus.PEER_CLOSED, "channel closed by peer");
}

function closeAll(handles: readonly Channel[]): void {
  for (const handle of handles) handle.close();
}

/**
 * A handle to one end of a channel. `Channel.create()` makes a connected pair. Writing a handle
 * into a message moves it: the written `Channel` object becomes unusable (ZX_ERR_BAD_HANDLE) and
 * the reader gets a new object for the same endpoint.
 */
export class Channel {
  #endpoint: Endpoint | undefined;
  #closedStatus: ZxStatusCode = ZxStatus.BAD_HANDLE;

  private constructor(endpoint: Endpoint) {
    this.#endpoint = endpoint;
  }

  /** A connected pair of endpoints. */
  static create(): [Channel, Channel] {
    const a = new Endpoint();
    const b = new Endpoint();
    a.peer = b;
    b.peer = a;
    return [new Channel(a), new Channel(b)];
  }

  /** Kernel-object id of this endpoint (stable across moves); 0 once the handle is invalid. */
  get koid(): number {
    return this.#endpoint?.koid ?? 0;
  }

  /** True while this handle refers to an endpoint (not closed, not moved away). */
  get isValid(): boolean {
    return this.#endpoint !== undefined;
  }

  /** True when the peer is closed and every queued message has been read. */
  get isPeerClosed(): boolean {
    const endpoint = this.#endpoint;
    return endpoint?.peerClosed === true && endpoint.pending === 0;
  }

  /** Messages written through this end that the peer has not read yet (0 once the peer is gone). */
  get peerPendingMessages(): number {
    return this.#endpoint?.peer?.pending ?? 0;
  }

  /** Calls `callback` each time the peer takes a message from its queue; `undefined` stops it. */
  watchPeerReads(callback: (() => void) | undefined): void {
    const endpoint = this.#endpoint;
    if (endpoint !== undefined) endpoint.peerReadWatcher = callback;
  }

  /**
   * Calls `callback` once when the peer closes (at once if it already has), even while nothing
   * listens or reads; `undefined` stops watching. For readers that pause, like a server at its
   * concurrency limit.
   */
  watchPeerClosed(callback: (() => void) | undefined): void {
    const endpoint = this.#endpoint;
    if (endpoint === undefined) return;
    if (callback !== undefined && (endpoint.peerClosed || endpoint.peerClosing)) {
      callback();
      return;
    }
    endpoint.peerClosedWatcher = callback;
  }

  /** @internal See {@link watchPeerGone}. */
  [watchPeerGone](callback: (() => void) | undefined): void {
    const endpoint = this.#endpoint;
    if (endpoint === undefined) return;
    if (callback !== undefined && endpoint.peerClosed) {
      callback();
      return;
    }
    endpoint.peerGoneWatcher = callback;
  }

  /** @internal See {@link announcePeerClosing}. */
  [announcePeerClosing](): void {
    const peer = this.#endpoint?.peer;
    if (peer === undefined || peer.peerClosing) return;
    peer.peerClosing = true;
    peer.notifyPeerClosedWatcher();
  }

  /** Number of messages queued and not yet read. */
  get pendingMessages(): number {
    return this.#endpoint?.pending ?? 0;
  }

  /**
   * Writes one message. Throws ZX_ERR_INVALID_ARGS if `bytes` is not a Uint8Array (a Buffer is
   * one), ZX_ERR_OUT_OF_RANGE past 65,536 bytes or 64 handles (nothing is sent),
   * ZX_ERR_PEER_CLOSED if the peer is gone, ZX_ERR_BAD_HANDLE for an invalid handle,
   * ZX_ERR_NOT_SUPPORTED for writing a channel into itself. Written handles are moved.
   */
  write(bytes: Uint8Array, handles: readonly Channel[] = []): void {
    this.#write(bytes, handles, false);
  }

  /** @internal See {@link relayWrite}. */
  [relayWrite](bytes: Uint8Array, handles: readonly Channel[]): void {
    this.#write(bytes, handles, true);
  }

  #write(bytes: Uint8Array, handles: readonly Channel[], relayed: boolean): void {
    const endpoint = this.#live();
    // Checked here so every layer after may measure bytes with `length`: Node 20's V8 does not
    // inline the typed-array `byteLength` getter (a generic property load, ~10 ns each).
    if (!(bytes instanceof Uint8Array)) {
      throw new ZxError(ZxStatus.INVALID_ARGS, `message bytes must be a Uint8Array, got ${describeBytes(bytes)}`);
    }
    if (bytes.length > MAX_MESSAGE_BYTES) {
      throw new ZxError(ZxStatus.OUT_OF_RANGE, `message of ${bytes.length} bytes exceeds ${MAX_MESSAGE_BYTES}`);
    }
    if (handles.length > MAX_MESSAGE_HANDLES) {
      throw new ZxError(ZxStatus.OUT_OF_RANGE, `message with ${handles.length} handles exceeds ${MAX_MESSAGE_HANDLES}`);
    }
    if (handles.length > 0) checkMovable(this, handles);
    const peer = endpoint.peer;
    if (peer === undefined) throw peerClosedError();
    const moved = handles.length === 0 ? [] : handles.map((h) => h.#moveOut());
    peer.deliver({ bytes, handles: moved }, relayed);
  }

  /** Reads the next message, waiting if none is queued. Rejects with PEER_CLOSED once drained. */
  read(options: ReadOptions = {}): Promise<ChannelMessage> {
    let endpoint: Endpoint;
    try {
      endpoint = this.#live();
    } catch (error) {
      return Promise.reject(error);
    }
    if (endpoint.listener !== undefined) {
      return Promise.reject(new ZxError(ZxStatus.BAD_STATE, "channel has a listener; read() is unavailable"));
    }
    const message = endpoint.take();
    if (message !== undefined) return Promise.resolve(message);
    if (endpoint.peerClosed) return Promise.reject(peerClosedError());
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new ZxError(ZxStatus.CANCELED, "read canceled"));
    return new Promise<ChannelMessage>((resolve, reject) => {
      const reader = {
        resolve: (m: ChannelMessage) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(m);
        },
        reject: (e: ZxError) => {
          signal?.removeEventListener("abort", onAbort);
          reject(e);
        },
      };
      const onAbort = () => {
        const index = endpoint.readers?.indexOf(reader) ?? -1;
        if (index >= 0) endpoint.readers?.splice(index, 1);
        reject(new ZxError(ZxStatus.CANCELED, "read canceled", { cause: signal?.reason }));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      (endpoint.readers ??= []).push(reader);
    });
  }

  /** Returns the next queued message without waiting, or `undefined` if none is queued. */
  tryRead(): ChannelMessage | undefined {
    return this.#live().take();
  }

  /**
   * Switches this endpoint to push mode: queued and future messages go to `listener` in order,
   * then `closed` once the peer is gone and the queue is drained.
   */
  listen(listener: ChannelListener): void {
    const endpoint = this.#live();
    if (endpoint.listener !== undefined || endpoint.hasReaders) {
      throw new ZxError(ZxStatus.BAD_STATE, "channel already has a reader");
    }
    endpoint.listener = listener;
    if (endpoint.pending > 0 || endpoint.peerClosed) endpoint.scheduleDrain();
  }

  /** Stops push mode; later messages queue up for `read()` again. */
  unlisten(): void {
    const endpoint = this.#endpoint;
    if (endpoint !== undefined) endpoint.listener = undefined;
  }

  /** Closes this endpoint; the peer sees PEER_CLOSED after draining. Idempotent. */
  close(): void {
    const endpoint = this.#endpoint;
    if (endpoint === undefined) return;
    this.#endpoint = undefined;
    endpoint.close();
  }

  /**
   * Writes an epitaph (FIDL's last word: txid 0, ordinal all-ones, the status) and closes. The
   * peer reads any queued messages, then the epitaph, then sees PEER_CLOSED.
   */
  closeWithEpitaph(status: ZxStatusCode): void {
    const endpoint = this.#live();
    endpoint.peer?.deliver({ bytes: encodeEpitaph(status), handles: [] }, false);
    this.close();
  }

  /** Dispose = close, so `using channel = ...` works. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Takes the endpoint out of this handle for transfer; this handle becomes invalid. */
  #moveOut(): Channel {
    const endpoint = this.#live();
    this.#endpoint = undefined;
    this.#closedStatus = ZxStatus.BAD_HANDLE;
    const moved = new Channel(endpoint);
    const listener = endpoint.listener;
    if (listener !== undefined || endpoint.hasReaders) {
      // Errors capture a stack: made only when a reader is there to be told.
      const canceled = new ZxError(ZxStatus.CANCELED, "channel handle was moved");
      for (const reader of endpoint.takeReaders()) reader.reject(canceled);
      endpoint.listener = undefined;
      listener?.closed(canceled);
    }
    return moved;
  }

  #live(): Endpoint {
    const endpoint = this.#endpoint;
    if (endpoint === undefined) {
      throw new ZxError(this.#closedStatus, "channel handle is closed or was moved");
    }
    return endpoint;
  }

  /** @internal Whether two handles refer to the same endpoint. */
  static sameEndpoint(a: Channel, b: Channel): boolean {
    return a.#endpoint !== undefined && a.#endpoint === b.#endpoint;
  }

  /** @internal Whether `a` and `b` are the two ends of one channel. */
  static arePeers(a: Channel, b: Channel): boolean {
    return a.#endpoint !== undefined && a.#endpoint.peer === b.#endpoint;
  }
}

function checkMovable(writer: Channel, handles: readonly Channel[]): void {
  const seen = new Set<number>();
  for (const [index, handle] of handles.entries()) {
    if (!handle.isValid) throw new ZxError(ZxStatus.BAD_HANDLE, `handle ${index} is closed or was moved`);
    if (Channel.sameEndpoint(handle, writer)) {
      throw new ZxError(ZxStatus.NOT_SUPPORTED, `handle ${index} is the channel being written to`);
    }
    if (seen.has(handle.koid)) throw new ZxError(ZxStatus.BAD_HANDLE, `handle ${index} appears twice`);
    seen.add(handle.koid);
  }
}

/** What was passed as message bytes, for the error: `Uint16Array`, `a string`, `null`. */
function describeBytes(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return `a ${typeof value}`;
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? name : "an object";
}
