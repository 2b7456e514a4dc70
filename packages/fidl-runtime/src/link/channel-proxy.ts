// One channel id on a link: the local endpoint the link holds for it, and its credit counters.
import {
  type Channel,
  type ChannelListener,
  type ChannelMessage,
  DELIVER_IN_WRITE,
  relayWrite,
  watchPeerGone,
} from "../channel/channel.ts";
import { ZxStatus } from "../zx/status.ts";
import { CHANNEL_CREDIT_WINDOW, CREDIT_GRANT_BATCH } from "./flow-control.ts";
import { LinkError } from "./link-error.ts";

const settled = Promise.resolve();

/** What a proxy needs from its link. Implementations must not throw. */
export interface ProxyHost {
  /** True while the socket is above its high-water mark: no channel may be read. */
  isPaused(): boolean;
  /** True while the link sends at most one frame a turn and has sent none this turn. */
  isQuiet(): boolean;
  /** A message was read from the held endpoint: send it to the peer. */
  forward(proxy: ChannelProxy, message: ChannelMessage): void;
  /** The held endpoint's local peer closed (and everything it wrote was forwarded). */
  localPeerGone(proxy: ChannelProxy): void;
  /** The local reader took `credits` messages: let the peer forward that many more. */
  grant(proxy: ChannelProxy, credits: number): void;
  /** The held endpoint's local peer closed while the proxy was not reading (see `pause`). */
  localPeerClosedWhilePaused(proxy: ChannelProxy): void;
}

/**
 * The link's side of one channel id. The link holds one local endpoint (`held`) per id: what is
 * read from it goes to the peer, what arrives from the peer is written into it (so it reaches
 * the endpoint's local peer, which user code or another link holds).
 */
export class ChannelProxy implements ChannelListener {
  readonly id: number;
  readonly held: Channel;
  /** Messages this side may still forward before the peer returns credit. */
  sendCredit = CHANNEL_CREDIT_WINDOW;
  readonly #host: ProxyHost;
  /** Messages written into `held` whose credit has not been returned to the peer yet. */
  #unreturned = 0;
  #listening = false;
  #watching = false;
  // The reader-progress callback: one per proxy (not per message), made when first needed.
  #onPeerRead: (() => void) | undefined = undefined;
  // Made on the first pause only (most channels never pause: no function per open channel).
  #onLocalPeerClosed: (() => void) | undefined = undefined;

  constructor(host: ProxyHost, id: number, held: Channel) {
    this.#host = host;
    this.id = id;
    this.held = held;
  }

  /** ChannelListener: a message written by the local peer. */
  message(message: ChannelMessage): void {
    this.#host.forward(this, message);
  }

  /** ChannelListener: a local write may be forwarded inside the writer's call while the link is quiet. */
  [DELIVER_IN_WRITE](): boolean {
    return this.#host.isQuiet();
  }

  /** ChannelListener: the local peer closed and its messages were all forwarded. */
  closed(): void {
    this.#listening = false;
    this.#host.localPeerGone(this);
  }

  /** True when the peer has returned no credit for a full window. */
  get blocked(): boolean {
    return this.sendCredit === 0;
  }

  /** True while the proxy reads (forwards) its held endpoint. */
  get isListening(): boolean {
    return this.#listening;
  }

  /** Starts reading the held endpoint, unless out of credit. Idempotent. */
  resume(): void {
    if (this.#listening || this.sendCredit === 0) return;
    this.held[watchPeerGone](undefined);
    this.#listening = true;
    this.held.listen(this);
  }

  /**
   * Stops reading the held endpoint: new messages wait in its queue. Idempotent. Meanwhile a
   * close of the local peer is watched for, so the peer hears of it without waiting for credit.
   */
  pause(): void {
    if (!this.#listening) return;
    this.#listening = false;
    this.held.unlisten();
    // Deferred: the watch may fire at once, in the middle of the link forwarding a message.
    this.#onLocalPeerClosed ??= () => void settled.then(() => this.#host.localPeerClosedWhilePaused(this));
    this.held[watchPeerGone](this.#onLocalPeerClosed);
  }

  /** Accounts for one forwarded message; stops reading at zero credit. */
  spend(): void {
    if (--this.sendCredit === 0) this.pause();
  }

  /** Adds credit granted by the peer; CREDIT_INVALID for a grant of 0 or beyond the window. */
  addCredit(credits: number): LinkError | undefined {
    if (credits === 0 || this.sendCredit + credits > CHANNEL_CREDIT_WINDOW) {
      return new LinkError(
        "CREDIT_INVALID",
        ZxStatus.INVALID_ARGS,
        `peer granted ${credits} credits on channel ${this.id}, holding ${this.sendCredit} of a ${CHANNEL_CREDIT_WINDOW}-message window`,
        { channelId: this.id },
      );
    }
    this.sendCredit += credits;
    if (!this.#host.isPaused()) this.resume();
    return undefined;
  }

  /**
   * Writes a message from the peer into the held endpoint. CREDIT_EXCEEDED if the peer forwarded
   * more than its window. If the local peer is already gone the message is dropped and its
   * handles closed (their ids then close on both sides); the close frame follows on its own.
   */
  deliver(bytes: Uint8Array, handles: Channel[]): LinkError | undefined {
    if (this.#unreturned >= CHANNEL_CREDIT_WINDOW) {
      return new LinkError(
        "CREDIT_EXCEEDED",
        ZxStatus.IO_OVERRUN,
        `peer forwarded more than ${CHANNEL_CREDIT_WINDOW} unacknowledged messages on channel ${this.id}`,
        { channelId: this.id },
      );
    }
    this.#unreturned++;
    try {
      this.held[relayWrite](bytes, handles);
    } catch {
      for (const handle of handles) handle.close();
      return undefined;
    }
    this.#returnCredit();
    return undefined;
  }

  /** Closes the held endpoint; its local peer sees PEER_CLOSED after draining. */
  dispose(): void {
    this.#watch(false);
    this.#listening = false;
    this.held.close();
  }

  /**
   * Takes the credit owed to the peer right now (messages the local reader has taken since credit
   * was last returned), for the header of a message going back on this channel; 0 if none.
   */
  takeOwedCredit(): number {
    return this.#unreturned === 0 ? 0 : this.#takeCredit(1);
  }

  /** Sends a credit frame once a batch is owed (traffic going back usually returns it sooner). */
  #returnCredit(): void {
    const credits = this.#takeCredit(CREDIT_GRANT_BATCH);
    if (credits > 0) this.#host.grant(this, credits);
  }

  /** Takes what the local reader has consumed if it is at least `minimum`; else 0. */
  #takeCredit(minimum: number): number {
    // Fewer owed than asked for: no need to look at the endpoint (a cold object on a busy link).
    if (this.#unreturned < minimum) {
      this.#watch(false);
      return 0;
    }
    const consumed = this.#unreturned - this.held.peerPendingMessages;
    const taken = consumed >= minimum ? consumed : 0;
    this.#unreturned -= taken;
    // Only reads can bring the owed credit up to a batch when this many are outstanding.
    this.#watch(this.#unreturned >= CREDIT_GRANT_BATCH);
    return taken;
  }

  #watch(on: boolean): void {
    if (this.#watching === on) return;
    this.#watching = on;
    this.held.watchPeerReads(on ? (this.#onPeerRead ??= () => this.#returnCredit()) : undefined);
  }
}
