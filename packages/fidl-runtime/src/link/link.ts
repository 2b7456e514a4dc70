// Link: one WebSocket carrying any number of channels between two processes, by proxying.
import { Buffer } from "node:buffer";
import { nextTick } from "node:process";
import type { WebSocket } from "ws";
import { announcePeerClosing, Channel, type ChannelMessage } from "../channel/channel.ts";
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import { ChannelProxy, type ProxyHost } from "./channel-proxy.ts";
import { DEFAULT_HIGH_WATER_MARK, DEFAULT_LOW_WATER_MARK } from "./flow-control.ts";
import {
  decodeFrame,
  encodeCloseFrame,
  encodeClosingFrame,
  encodeCreditFrame,
  encodeMessageFrame,
  encodeSocketMessageFrame,
  type MessageFrame,
  messageLimitError,
} from "./frame.ts";
import { BOOTSTRAP_CHANNEL_ID, IdSpace, type LinkRole } from "./id-space.ts";
import { LinkError } from "./link-error.ts";
import { socketFrame } from "./socket-frame.ts";
import { readWholeFramesAhead } from "./socket-reader.ts";

/** Direction of a frame for {@link LinkOptions.onFrame}. */
export type FrameDirection = "in" | "out";

/** Options for {@link Link} (and {@link connectLink}). */
export interface LinkOptions {
  /**
   * Which half of the id space this side allocates from. Default `"server"`; `connectLink` uses
   * `"client"`. The two ends of one socket must differ.
   */
  role?: LinkRole;
  /**
   * Called for every frame the link refuses and for errors that end the link because of the
   * peer (corrupt frames, oversize frames). Default: `console.warn`. Must not throw (if it does,
   * the throw is ignored).
   */
  onError?: (error: LinkError) => void;
  /**
   * Tracing tap, called for every message frame: outgoing before it is sent, incoming as soon
   * as it decodes (before it is checked). `bytes` is the FIDL message; do not keep or modify it.
   */
  onFrame?: (direction: FrameDirection, channelId: number, bytes: Uint8Array, handleCount: number) => void;
  /** Stop reading local channels above this many buffered socket bytes. Default 1 MiB. */
  highWaterMark?: number;
  /** Resume reading local channels at or below this many buffered socket bytes. Default 256 KiB. */
  lowWaterMark?: number;
  /** Ping the peer this often and end the link (TIMED_OUT) if no pong came back. Default off. */
  keepAliveMs?: number;
  /** After `close()`, wait this long for the peer's close frame, then drop the socket. Default 2000. */
  closeTimeoutMs?: number;
  /**
   * @internal Client frames may carry the all-zero masking key (connectLink sets it for a
   * loopback host; see frame-mask.ts), so the link writes them whole itself (socket-frame.ts).
   */
  zeroMaskKey?: boolean;
}

/** A snapshot of a link's state, for diagnostics and tests. */
export interface LinkStats {
  /** Channel ids currently proxied (the bootstrap channel included). */
  channels: number;
  /** Bytes ws holds that the kernel has not taken yet (`ws.bufferedAmount`). */
  bufferedBytes: number;
  /** True while reading local channels is paused because of `bufferedBytes`. */
  paused: boolean;
  /** Channels whose peer has returned no credit for a full window. */
  blockedChannels: number;
  framesIn: number;
  framesOut: number;
}

const WS_OPEN = 1;
const NO_CHANNELS: Channel[] = [];
const NO_IDS: readonly number[] = Object.freeze([]);
const CLOSE_NORMAL = 1000;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_ABNORMAL = 1006;
const CLOSE_INTERNAL_ERROR = 1011;

/**
 * One WebSocket carrying any number of channels. Each side has channel ids; an endpoint that
 * leaves this process inside a message is consumed by the link (it listens on it and forwards
 * what it reads), and on the other side the link creates a pair, keeps one end and hands the
 * other to user code. Endpoints can go back and forth and across several links: each hop is a
 * proxy. Closing an end closes the other; the socket ending closes every proxied channel, so
 * every local peer sees PEER_CLOSED after draining. Flow control: see flow-control.ts.
 *
 * Construct it on a connected socket (server: in the `WebSocketServer` "connection" handler,
 * synchronously, so no frame is missed; client: {@link connectLink}). The link then owns the
 * socket's traffic: it reads binary frames from the TCP socket itself (socket-reader.ts), so
 * they are never emitted as 'message' events to anyone else.
 */
export class Link {
  /** Which half of the id space this side allocates from. */
  readonly role: LinkRole;
  /** Channel id 0, pre-agreed by both sides: this process's end of it. */
  readonly bootstrap: Channel;
  /** Resolves (never rejects) with why the link ended, once the socket is closed. */
  readonly closed: Promise<LinkError>;

  readonly #socket: WebSocket;
  /** The TCP socket under it (batched writes, whole frames), if ws exposes one. */
  readonly #raw: RawSocket | undefined;
  /** Whether the link may write whole WebSocket frames to `#raw` itself (see socket-frame.ts). */
  readonly #wholeFrames: boolean;
  /** Whether those frames carry a (zero) masking key: a client's do. */
  readonly #masked: boolean;
  /** Frames sent this turn, and whether the last turn that sent any sent several: see #batchWrites. */
  #turnFrames = 0;
  #bursting = false;
  /** The socket, while corked for the rest of this turn's frames. */
  #corked: RawSocket | undefined = undefined;
  readonly #ids: IdSpace;
  readonly #proxies = new Map<number, ChannelProxy>();
  readonly #onError: (error: LinkError) => void;
  readonly #onFrame: LinkOptions["onFrame"];
  readonly #highWaterMark: number;
  readonly #lowWaterMark: number;
  readonly #closeTimeoutMs: number;
  readonly #host: ProxyHost;
  #paused = false;
  #blocked = 0;
  #framesIn = 0;
  #framesOut = 0;
  /** Set once the link stopped carrying channels; the reason `closed` resolves with. */
  #ended: LinkError | undefined;
  #resolveClosed: (reason: LinkError) => void = () => {};
  #closeTimer: NodeJS.Timeout | undefined;
  #keepAliveTimer: NodeJS.Timeout | undefined;
  #awaitingPong = false;

  /** Wraps an open socket. Throws ZxError(BAD_STATE) if it is not open. */
  constructor(socket: WebSocket, options: LinkOptions = {}) {
    if (socket.readyState !== WS_OPEN) {
      throw new ZxError(ZxStatus.BAD_STATE, `a link needs an open socket (readyState ${socket.readyState})`);
    }
    this.role = options.role ?? "server";
    this.#socket = socket;
    this.#ids = new IdSpace(this.role);
    this.#onError = options.onError ?? defaultOnError;
    this.#onFrame = options.onFrame;
    this.#highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.#lowWaterMark = Math.min(options.lowWaterMark ?? DEFAULT_LOW_WATER_MARK, this.#highWaterMark);
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 2000;
    const isServer = (socket as unknown as { _isServer?: boolean })._isServer === true;
    this.#masked = !isServer;
    this.#raw = rawSocketOf(socket);
    this.#wholeFrames = this.#raw !== undefined && (isServer || options.zeroMaskKey === true);
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    // Functions only: an object literal with getters is a dictionary-mode object in V8, so every
    // proxy's read of it was a hash lookup (a cold one per message with many links).
    this.#host = {
      isPaused: () => this.#paused,
      isQuiet: () => !this.#bursting && this.#turnFrames === 0,
      // Per message: try/catch inline rather than #guard, which costs a closure per call.
      forward: (proxy, message) => {
        try {
          this.#forward(proxy, message);
        } catch (cause) {
          this.#internalError(cause);
        }
      },
      localPeerGone: (proxy) => this.#guard(() => this.#localPeerGone(proxy)),
      grant: (proxy, credits) => this.#guard(() => this.#send(encodeCreditFrame(proxy.id, credits))),
      localPeerClosedWhilePaused: (proxy) => this.#guard(() => this.#localPeerClosedWhilePaused(proxy)),
    };
    socket.binaryType = "nodebuffer";
    socket.on("message", this.#onSocketMessage);
    // Binary frames skip ws's reader (a Writable stream write per read and two emits a message).
    if (this.#raw !== undefined) readWholeFramesAhead(socket, this.#onLinkFrame);
    socket.on("close", this.#onSocketClose);
    // Never removed: an 'error' with no listener would crash the process.
    socket.on("error", this.#onSocketError);
    const [held, user] = Channel.create();
    this.bootstrap = user;
    this.#adopt(BOOTSTRAP_CHANNEL_ID, held);
    if (options.keepAliveMs !== undefined && options.keepAliveMs > 0) this.#startKeepAlive(options.keepAliveMs);
  }

  /** True until the link ends. */
  get isOpen(): boolean {
    return this.#ended === undefined;
  }

  /** Counters for diagnostics and tests. */
  get stats(): LinkStats {
    return {
      channels: this.#proxies.size,
      bufferedBytes: this.#socket.bufferedAmount,
      paused: this.#paused,
      blockedChannels: this.#blocked,
      framesIn: this.#framesIn,
      framesOut: this.#framesOut,
    };
  }

  /**
   * Ends the link: every proxied channel closes at once (local peers see PEER_CLOSED after
   * draining), the socket is closed with `reason`, and the peer's channels close too. Resolves
   * with {@link closed}.
   */
  close(reason?: string | ZxError): Promise<LinkError> {
    const message = reason === undefined ? "closed locally" : typeof reason === "string" ? reason : reason.message;
    this.#end(
      new LinkError("CLOSED_LOCALLY", ZxStatus.CANCELED, message, reason instanceof ZxError ? { cause: reason } : {}),
      CLOSE_NORMAL,
    );
    return this.closed;
  }

  /** `await using link = ...` closes it. */
  [Symbol.asyncDispose](): Promise<LinkError> {
    return this.close();
  }

  // ---- outgoing ----

  /** Takes ownership of a local endpoint under `id` and starts forwarding from it. */
  #adopt(id: number, held: Channel): void {
    const proxy = new ChannelProxy(this.#host, id, held);
    this.#proxies.set(id, proxy);
    if (!this.#paused) proxy.resume();
  }

  #forward(proxy: ChannelProxy, message: ChannelMessage): void {
    const { bytes, handles } = message;
    if (this.#ended !== undefined) {
      // Nobody will adopt them now: close them so their peers see PEER_CLOSED.
      for (const handle of handles) handle.close();
      return;
    }
    let handleIds: readonly number[] = NO_IDS;
    if (handles.length > 0) {
      try {
        handleIds = handles.map(() => this.#ids.allocate());
      } catch (error) {
        for (const handle of handles) handle.close();
        this.#report(error as LinkError);
        this.#closeProxy(proxy);
        return;
      }
    }
    this.#tap("out", proxy.id, bytes, handles.length);
    const credits = proxy.takeOwedCredit();
    const whole = handles.length === 0 && this.#writesWhole() ? encodeSocketMessageFrame(proxy.id, bytes, credits, this.#masked) : undefined;
    if (whole !== undefined) this.#transmit(whole, true);
    else this.#send(encodeMessageFrame(proxy.id, bytes, handleIds, credits));
    // Adopted after the announcing frame went out; their first frames come from a later drain.
    for (let i = 0; i < handles.length; i++) this.#adopt(handleIds[i]!, handles[i]!);
    proxy.spend();
    if (proxy.blocked) this.#blocked++;
  }

  #localPeerGone(proxy: ChannelProxy): void {
    if (this.#proxies.get(proxy.id) !== proxy) return;
    this.#closeProxy(proxy);
  }

  /**
   * A local end closed while its proxy waits for credit or for the socket. If nothing is held
   * back the channel closes now; otherwise a closing frame tells the peer at once (so a reader
   * that paused, like a server at its handler limit, hears of it as it would in process) and
   * the held messages follow, then the close, once the proxy reads again.
   */
  #localPeerClosedWhilePaused(proxy: ChannelProxy): void {
    if (this.#proxies.get(proxy.id) !== proxy || proxy.isListening) return;
    if (proxy.held.pendingMessages === 0) this.#closeProxy(proxy);
    else this.#send(encodeClosingFrame(proxy.id));
  }

  /** Forgets a proxy, closes its endpoint and tells the peer. */
  #closeProxy(proxy: ChannelProxy): void {
    this.#forget(proxy);
    if (this.#ended === undefined) this.#send(encodeCloseFrame(proxy.id));
  }

  #forget(proxy: ChannelProxy): void {
    this.#proxies.delete(proxy.id);
    if (proxy.blocked) this.#blocked--;
    proxy.dispose();
  }

  /** True while the link may write whole WebSocket frames to the TCP socket itself (see socket-frame.ts). */
  #writesWhole(): boolean {
    return this.#wholeFrames && this.#socket.readyState === WS_OPEN;
  }

  /** Sends a link frame: whole, straight to the TCP socket, when the link may; else through ws. */
  #send(frame: Buffer): void {
    const whole = this.#writesWhole() ? socketFrame(frame, this.#masked) : undefined;
    this.#transmit(whole ?? frame, whole !== undefined);
  }

  /** Hands over one frame: a complete WebSocket frame to the TCP socket (`whole`), else a link frame to ws. */
  #transmit(data: Buffer, whole: boolean): void {
    if (this.#ended !== undefined) return;
    this.#framesOut++;
    this.#batchWrites();
    if (whole) this.#raw!.write(data, this.#afterSend);
    else this.#socket.send(data, this.#afterSend);
    if (!this.#paused && this.#socket.bufferedAmount > this.#highWaterMark) {
      this.#paused = true;
      for (const proxy of this.#proxies.values()) proxy.pause();
    }
  }

  /**
   * Batches a burst of frames into one write system call: once the socket is corked, the frames
   * of this turn's callbacks and microtasks wait in it until `process.nextTick` ends the turn
   * (ws writes each frame with its own call otherwise, and those calls are most of the CPU time
   * under load). A turn's first frame goes out at once unless the last turn that sent anything
   * sent several: a lone request or reply leaves before the work that follows it in its turn,
   * which sequential calls feel (corking it too cost them 1–5 µs a call), while under load the
   * first frame waits for the rest of its burst (sent at once, it cost a device answering 256
   * pipelined calls a fifth of its throughput).
   */
  #batchWrites(): void {
    if (this.#turnFrames++ === 0) {
      nextTick(this.#endTurn);
      if (!this.#bursting) return;
    } else if (this.#corked !== undefined) {
      return;
    }
    const raw = this.#raw;
    if (raw === undefined) return;
    this.#corked = raw;
    raw.cork();
  }

  readonly #endTurn = (): void => {
    this.#bursting = this.#turnFrames > 1;
    this.#turnFrames = 0;
    const raw = this.#corked;
    this.#corked = undefined;
    raw?.uncork();
  };

  // One function for every send (no closure per message): resumes reading below the low mark.
  readonly #afterSend = (): void => {
    if (!this.#paused || this.#ended !== undefined) return;
    if (this.#socket.bufferedAmount > this.#lowWaterMark) return;
    this.#guard(() => {
      this.#paused = false;
      for (const proxy of this.#proxies.values()) proxy.resume();
    });
  };

  // ---- incoming ----

  /** A message ws read (what the socket reader left to it): a link frame, or text, which fails the link. */
  readonly #onSocketMessage = (data: unknown, isBinary: boolean): void => {
    if (this.#ended !== undefined) return;
    if (!isBinary) {
      this.#guard(() => this.#fail(LinkError.corrupt("received a text frame; link frames are binary")));
      return;
    }
    const bytes = Buffer.isBuffer(data) ? data : data instanceof ArrayBuffer ? Buffer.from(data) : Buffer.concat(data as Buffer[]);
    this.#onLinkFrame(bytes, 0, bytes.length);
  };

  /** A link frame, `start` to `end` in `bytes`: from ws, or straight from a TCP socket's chunk (socket-reader.ts). */
  readonly #onLinkFrame = (bytes: Buffer, start: number, end: number): void => {
    if (this.#ended !== undefined) return;
    try {
      this.#receiveFrame(bytes, start, end);
    } catch (cause) {
      this.#internalError(cause);
    }
  };

  /** Receives the link frame from `start` to `end` in `bytes`. */
  #receiveFrame(bytes: Buffer, start: number, end: number): void {
    let frame: ReturnType<typeof decodeFrame>;
    try {
      frame = decodeFrame(bytes, start, end);
    } catch (error) {
      this.#fail(error as LinkError);
      return;
    }
    this.#framesIn++;
    switch (frame.kind) {
      case "message":
        this.#receiveMessage(frame);
        return;
      case "close": {
        const proxy = this.#proxies.get(frame.channelId);
        if (proxy !== undefined) this.#forget(proxy);
        else if (!this.#ids.wasAnnounced(frame.channelId)) this.#report(unknownChannel("close", frame.channelId));
        return;
      }
      case "closing": {
        const proxy = this.#proxies.get(frame.channelId);
        if (proxy !== undefined) proxy.held[announcePeerClosing]();
        else if (!this.#ids.wasAnnounced(frame.channelId)) this.#report(unknownChannel("closing", frame.channelId));
        return;
      }
      case "credit": {
        const proxy = this.#proxies.get(frame.channelId);
        if (proxy === undefined) {
          if (!this.#ids.wasAnnounced(frame.channelId)) this.#report(unknownChannel("credit", frame.channelId));
          return;
        }
        const error = this.#addCredit(proxy, frame.credits);
        if (error !== undefined) {
          this.#report(error);
          this.#closeProxy(proxy);
        }
        return;
      }
    }
  }

  /** Credit from the peer (a credit frame, or a message frame's header): may resume forwarding. */
  #addCredit(proxy: ChannelProxy, credits: number): LinkError | undefined {
    const wasBlocked = proxy.blocked;
    const error = proxy.addCredit(credits);
    if (error === undefined && wasBlocked) this.#blocked--;
    return error;
  }

  #receiveMessage(frame: MessageFrame): void {
    const { channelId, handleIds, bytes } = frame;
    this.#tap("in", channelId, bytes, handleIds.length);
    const proxy = this.#proxies.get(channelId);
    const known = proxy !== undefined || this.#ids.wasAnnounced(channelId);
    // Accept the announced ids first, so that even a refused message's valid ids get closed.
    let problem = messageLimitError(frame);
    if (problem === undefined && frame.credits !== 0 && proxy !== undefined) problem = this.#addCredit(proxy, frame.credits);
    let accepted = 0;
    // Indexed: for-of over the shared frozen empty array is not inlined (an iterator call per message).
    for (; accepted < handleIds.length; accepted++) {
      const error = this.#ids.acceptRemote(handleIds[accepted]!, channelId);
      if (error !== undefined) {
        problem ??= error;
        break;
      }
    }
    if (proxy === undefined) {
      if (!known) problem ??= unknownChannel("message", channelId);
    } else if (problem === undefined) {
      const handles = accepted === 0 ? NO_CHANNELS : new Array<Channel>(accepted);
      for (let i = 0; i < accepted; i++) {
        const [held, user] = Channel.create();
        this.#adopt(handleIds[i]!, held);
        handles[i] = user;
      }
      problem = proxy.deliver(bytes, handles);
      if (problem === undefined) return;
      for (const handle of handles) handle.close();
      accepted = 0; // their proxies close through their own endpoints
    }
    // Refused or for a closed channel: the handles it announced are closed on both sides.
    for (let i = 0; i < accepted; i++) this.#send(encodeCloseFrame(handleIds[i]!));
    if (problem !== undefined) {
      this.#report(problem);
      if (proxy !== undefined) this.#closeProxy(proxy);
    }
  }

  // ---- ending ----

  readonly #onSocketClose = (code: number, reason: Buffer): void => {
    this.#end(closeReason(code, reason.toString()), undefined);
    clearTimeout(this.#closeTimer);
    this.#resolveClosed(this.#ended!);
  };

  readonly #onSocketError = (error: Error & { code?: string }): void => {
    if (this.#ended !== undefined) return;
    if (error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
      const tooLarge = new LinkError("FRAME_TOO_LARGE", ZxStatus.OUT_OF_RANGE, `peer sent a frame over maxPayload: ${error.message}`, {
        cause: error,
      });
      this.#report(tooLarge);
      this.#end(tooLarge, undefined);
      return;
    }
    this.#end(new LinkError("SOCKET_ERROR", ZxStatus.IO, `socket error: ${error.message}`, { cause: error }), undefined);
  };

  /** A corrupt frame stream: report, end the link with a protocol-error close. */
  #fail(error: LinkError): void {
    this.#report(error);
    this.#end(error, CLOSE_PROTOCOL_ERROR);
  }

  /**
   * Stops carrying channels (idempotent; the first reason wins): every held endpoint closes, so
   * every local peer sees PEER_CLOSED once drained. `closeCode` closes the socket too.
   */
  #end(reason: LinkError, closeCode: number | undefined): void {
    if (this.#ended !== undefined) return;
    this.#ended = reason;
    clearInterval(this.#keepAliveTimer);
    const proxies = [...this.#proxies.values()];
    this.#proxies.clear();
    this.#blocked = 0;
    for (const proxy of proxies) proxy.dispose();
    if (closeCode !== undefined && this.#socket.readyState === WS_OPEN) {
      try {
        this.#socket.close(closeCode, closeText(reason.rawMessage.replace(/^link: /, "")));
      } catch {
        this.#socket.terminate();
      }
      this.#closeTimer = setTimeout(() => this.#socket.terminate(), this.#closeTimeoutMs);
      this.#closeTimer.unref();
    } else if (closeCode !== undefined) {
      this.#socket.terminate();
    }
  }

  #startKeepAlive(intervalMs: number): void {
    this.#socket.on("pong", () => {
      this.#awaitingPong = false;
    });
    this.#keepAliveTimer = setInterval(() => {
      if (this.#awaitingPong) {
        this.#end(new LinkError("KEEPALIVE_TIMEOUT", ZxStatus.TIMED_OUT, `no pong within ${intervalMs} ms`), undefined);
        this.#socket.terminate();
        return;
      }
      this.#awaitingPong = true;
      this.#socket.ping();
    }, intervalMs);
    this.#keepAliveTimer.unref();
  }

  /** Calls the tracing tap; a tap that throws is reported and otherwise ignored (tracing must not end a link). */
  #tap(direction: FrameDirection, channelId: number, bytes: Uint8Array, handleCount: number): void {
    if (this.#onFrame === undefined) return;
    try {
      this.#onFrame(direction, channelId, bytes, handleCount);
    } catch (cause) {
      this.#report(internalError("onFrame threw", cause));
    }
  }

  #report(error: LinkError): void {
    try {
      this.#onError(error);
    } catch {
      // A throwing error callback must not take the link (or the process) down.
    }
  }

  /** Runs link code from a ws or channel callback: an unexpected throw ends the link, never escapes. */
  #guard(body: () => void): void {
    try {
      body();
    } catch (cause) {
      this.#internalError(cause);
    }
  }

  /** An unexpected throw in link code: report it and end the link. */
  #internalError(cause: unknown): void {
    const error = internalError("unexpected error", cause);
    this.#report(error);
    this.#end(error, CLOSE_INTERNAL_ERROR);
  }
}

/** An INTERNAL LinkError for a throw `cause` in link code (or in a hook it calls). */
function internalError(what: string, cause: unknown): LinkError {
  return new LinkError("INTERNAL", ZxStatus.INTERNAL, `${what}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
}

function defaultOnError(error: LinkError): void {
  console.warn(error.message);
}

function unknownChannel(kind: string, channelId: number): LinkError {
  return new LinkError("UNKNOWN_CHANNEL", ZxStatus.NOT_FOUND, `${kind} frame names channel ${channelId}, never announced`, {
    channelId,
  });
}

/** Why the link ended, from the socket's close code. */
function closeReason(code: number, reason: string): LinkError {
  const said = reason === "" ? "" : `: ${reason}`;
  if (code === CLOSE_NORMAL || code === CLOSE_GOING_AWAY) {
    return new LinkError("SOCKET_CLOSED", ZxStatus.PEER_CLOSED, `closed by peer${said}`);
  }
  if (code === CLOSE_ABNORMAL) {
    return new LinkError("SOCKET_LOST", ZxStatus.CONNECTION_RESET, "socket lost without a close frame (peer process gone?)");
  }
  return new LinkError("PEER_ABORTED", ZxStatus.CONNECTION_ABORTED, `peer closed with code ${code}${said}`);
}

/** A WebSocket close reason: at most 123 UTF-8 bytes. */
function closeText(text: string): string {
  let result = text;
  while (Buffer.byteLength(result) > 123) result = result.slice(0, -1);
  return result;
}

/** The part of a net.Socket {@link Link} writes and batches writes with. */
interface RawSocket {
  cork(): void;
  uncork(): void;
  write(data: Uint8Array, callback: (error?: Error | null) => void): boolean;
}

/** The TCP socket under a ws WebSocket (ws keeps it as `_socket`), if it has what a link uses. */
function rawSocketOf(socket: WebSocket): RawSocket | undefined {
  const raw = (socket as unknown as { _socket?: Partial<RawSocket> })._socket;
  return typeof raw?.cork === "function" && typeof raw.uncork === "function" && typeof raw.write === "function"
    ? (raw as RawSocket)
    : undefined;
}
