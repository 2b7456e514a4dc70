// Channel ids on a link: 0 is the bootstrap channel, the client allocates odd ids and the server
// even ones, each side in increasing order, so ids need no round trip and can be checked cheaply.
import { ZxStatus } from "../zx/status.ts";
import { LinkError } from "./link-error.ts";

/** Which end of the socket a link is: decides which half of the id space it allocates from. */
export type LinkRole = "client" | "server";

/** The bootstrap channel's id, pre-agreed by both sides. */
export const BOOTSTRAP_CHANNEL_ID = 0;

const MAX_ID = 0xffff_ffff;

/**
 * Allocates this side's ids and checks the peer's. Because each side allocates in increasing
 * order, "never announced" is `id > highest seen` and "reused" is `id <= highest seen`: no set of
 * dead ids has to be kept.
 */
export class IdSpace {
  /** Parity of the ids this side allocates (1 = odd). */
  readonly #localParity: number;
  #localHigh: number;
  #remoteHigh: number;

  constructor(role: LinkRole) {
    this.#localParity = role === "client" ? 1 : 0;
    // The first id allocated is high + 2: client 1, server 2.
    this.#localHigh = role === "client" ? -1 : 0;
    this.#remoteHigh = role === "client" ? 0 : -1;
  }

  /** The next id of this side. Throws LinkError(IDS_EXHAUSTED) after 2^31 allocations. */
  allocate(): number {
    const id = this.#localHigh + 2;
    if (id > MAX_ID) throw new LinkError("IDS_EXHAUSTED", ZxStatus.NO_RESOURCES, "this side has used every channel id");
    this.#localHigh = id;
    return id;
  }

  /**
   * Accepts a handle id announced by the peer: it must be in the peer's half and above every id
   * the peer announced before. Returns the error instead of throwing.
   */
  acceptRemote(id: number, channelId: number): LinkError | undefined {
    if (id === 0 || (id & 1) === this.#localParity) {
      return new LinkError(
        "FOREIGN_HANDLE_ID",
        ZxStatus.BAD_HANDLE,
        `message on channel ${channelId} carries handle id ${id}, outside the sender's id space`,
        { channelId },
      );
    }
    if (id <= this.#remoteHigh) {
      return new LinkError(
        "HANDLE_ID_REUSED",
        ZxStatus.ALREADY_EXISTS,
        `message on channel ${channelId} carries handle id ${id}, already used (ids must increase; last was ${this.#remoteHigh})`,
        { channelId },
      );
    }
    this.#remoteHigh = id;
    return undefined;
  }

  /** True if either side has announced `id` at some point (it may be closed by now). */
  wasAnnounced(id: number): boolean {
    if (id === BOOTSTRAP_CHANNEL_ID) return true;
    return (id & 1) === this.#localParity ? id <= this.#localHigh : id <= this.#remoteHigh;
  }
}
