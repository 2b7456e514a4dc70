// Fault injection: a registry of faults and the channel interposer that applies them to new
// connections. Components are never special-cased: a faulted connection's server channel is
// wrapped, and the interposer delays, drops, closes or "crashes" on the component's behalf.
import { Channel, type ChannelMessage, type ZxError, ZxStatus, readHeader } from "@fidl-ws/runtime";
import type { ConnectionInfo } from "./realm.ts";

/** One fault (the TypeScript form of fuchsia.fakedevice.faults.FaultSpec). */
export interface FaultSpec {
  /** Discoverable protocol name the fault applies to. */
  protocol: string;
  /** Only connections to this component. */
  moniker?: string;
  /** Delay every message the server sends by this many ms (applies per connection). */
  delayMs?: number;
  /** Close the next connected channel at once with this epitaph status. */
  epitaph?: number;
  /** Fail the next request as if its handler threw an Error with this message. */
  throwMessage?: string;
  /** Drop the whole WebSocket connection carrying the next request. */
  dropConnection?: boolean;
  /** Times the fault fires before it is removed; 0 or absent = until cleared. */
  count?: number;
}

/** What the interposer needs from the device. */
export interface FaultHooks {
  /** Reports an injected handler failure like a real one (device log, ERROR, with stack). */
  reportFailure(moniker: string, protocol: string, error: Error, method: string | undefined): void;
  /** Writes an informational record about a fault firing. */
  note(moniker: string, message: string): void;
}

interface ActiveFault {
  readonly id: number;
  readonly spec: FaultSpec;
  remaining: number;
}

/** Checks a spec: a protocol, exactly one effect, sane numbers. Returns the problem or undefined. */
export function validateFault(spec: FaultSpec): string | undefined {
  if (typeof spec.protocol !== "string" || spec.protocol === "") return "a fault needs a protocol name";
  const effects = [
    spec.delayMs !== undefined,
    spec.epitaph !== undefined,
    spec.throwMessage !== undefined,
    spec.dropConnection === true,
  ].filter(Boolean).length;
  if (effects !== 1) return `a fault needs exactly one of delay_ms, epitaph, throw_message, drop_connection (got ${effects})`;
  if (spec.delayMs !== undefined && (!Number.isInteger(spec.delayMs) || spec.delayMs < 0 || spec.delayMs > 600_000)) {
    return `delay_ms must be an integer from 0 to 600000, got ${spec.delayMs}`;
  }
  if (spec.count !== undefined && (!Number.isInteger(spec.count) || spec.count < 0)) return `count must be a non-negative integer`;
  return undefined;
}

/**
 * The faults in force, and the interposer applying them. Faults apply to connections made after
 * they are injected; a connection with no matching fault is not interposed (no extra hop).
 */
export class FaultRegistry {
  readonly #faults = new Map<number, ActiveFault>();
  readonly #hooks: FaultHooks;
  #nextId = 1;

  constructor(hooks: FaultHooks) {
    this.#hooks = hooks;
  }

  /** Adds a fault; throws ZxError-free TypeError for a bad spec (callers map it). Returns its id. */
  inject(spec: FaultSpec): number {
    const problem = validateFault(spec);
    if (problem !== undefined) throw new TypeError(problem);
    const id = this.#nextId++;
    this.#faults.set(id, { id, spec: { ...spec }, remaining: spec.count ?? 0 });
    return id;
  }

  /** Removes fault `id`, or every fault for id 0. */
  clear(id = 0): void {
    if (id === 0) this.#faults.clear();
    else this.#faults.delete(id);
  }

  /** Number of faults in force. */
  get size(): number {
    return this.#faults.size;
  }

  /** Takes one firing of the first fault matching `info` with the given effect, if any. */
  #take(info: Pick<ConnectionInfo, "moniker" | "protocol">, effect: (spec: FaultSpec) => boolean): FaultSpec | undefined {
    for (const fault of this.#faults.values()) {
      const { spec } = fault;
      if (spec.protocol !== info.protocol || !effect(spec)) continue;
      if (spec.moniker !== undefined && spec.moniker !== info.moniker) continue;
      if (fault.remaining > 0 && --fault.remaining === 0) this.#faults.delete(fault.id);
      return spec;
    }
    return undefined;
  }

  #has(info: Pick<ConnectionInfo, "moniker" | "protocol">): boolean {
    for (const { spec } of this.#faults.values()) {
      if (spec.protocol === info.protocol && (spec.moniker === undefined || spec.moniker === info.moniker)) return true;
    }
    return false;
  }

  /** The realm's interposer hook (see ConnectionInterposer). */
  readonly interpose = (info: ConnectionInfo, channel: Channel): Channel | undefined => {
    if (this.#faults.size === 0 || !this.#has(info)) return channel;
    const epitaph = this.#take(info, (spec) => spec.epitaph !== undefined);
    if (epitaph !== undefined) {
      this.#hooks.note(info.moniker, `fault: closed a ${info.protocol} channel with epitaph ${epitaph.epitaph}`);
      channel.closeWithEpitaph(epitaph.epitaph!);
      return undefined;
    }
    const delay = this.#take(info, (spec) => spec.delayMs !== undefined)?.delayMs ?? 0;
    return new Interposer(this, info, channel, delay).inner;
  };

  /** @internal Per-request faults (throw, drop), taken when a request arrives. */
  takeRequestFault(info: ConnectionInfo): FaultSpec | undefined {
    if (this.#faults.size === 0) return undefined;
    return this.#take(info, (spec) => spec.throwMessage !== undefined || spec.dropConnection === true);
  }

  /** @internal */
  get hooks(): FaultHooks {
    return this.#hooks;
  }
}

/** Sits between a host-facing server channel and the component's, applying faults. */
class Interposer {
  /** The end the component serves. */
  readonly inner: Channel;
  readonly #outer: Channel;
  readonly #remote: Channel;
  /** Delayed messages not yet forwarded, with their timers (cancelled if the host side goes). */
  readonly #delayed = new Map<NodeJS.Timeout, ChannelMessage>();
  #closeWhenFlushed = false;

  constructor(
    readonly registry: FaultRegistry,
    readonly info: ConnectionInfo,
    remote: Channel,
    readonly delayMs: number,
  ) {
    const [inner, outer] = Channel.create();
    this.inner = inner;
    this.#outer = outer;
    this.#remote = remote;
    remote.listen({
      message: (message) => this.#fromRemote(message),
      closed: () => this.#remoteClosed(),
    });
    outer.listen({
      message: (message) => this.#fromComponent(message),
      closed: () => this.#componentClosed(),
    });
  }

  #fromRemote(message: ChannelMessage): void {
    const fault = this.registry.takeRequestFault(this.info);
    if (fault === undefined) {
      forward(this.#outer, message, () => this.#remote.close());
      return;
    }
    for (const handle of message.handles) handle.close();
    const method = methodName(this.info, message.bytes);
    if (fault.dropConnection === true) {
      this.registry.hooks.note(this.info.moniker, `fault: dropped the connection carrying a ${this.info.protocol} request`);
      this.#remote.close();
      this.#outer.close();
      this.info.dropOrigin?.();
      return;
    }
    const error = new Error(`injected fault: ${fault.throwMessage}`);
    this.#remote.close();
    this.#outer.close();
    this.registry.hooks.reportFailure(this.info.moniker, this.info.protocol, error, method);
  }

  #fromComponent(message: ChannelMessage): void {
    if (this.delayMs === 0) {
      forward(this.#remote, message, () => this.#outer.close());
      return;
    }
    const timer = setTimeout(() => {
      this.#delayed.delete(timer);
      forward(this.#remote, message, () => this.#outer.close());
      if (this.#delayed.size === 0 && this.#closeWhenFlushed) this.#remote.close();
    }, this.delayMs);
    this.#delayed.set(timer, message);
  }

  #componentClosed(): void {
    if (this.#delayed.size > 0) this.#closeWhenFlushed = true;
    else this.#remote.close();
  }

  /**
   * The host side is gone (closed, or its link or the device went away): nobody will read the
   * delayed messages, so their timers stop now instead of holding the process for up to
   * `delayMs`, and the handles they carry close.
   */
  #remoteClosed(): void {
    for (const [timer, message] of this.#delayed) {
      clearTimeout(timer);
      for (const handle of message.handles) handle.close();
    }
    this.#delayed.clear();
    this.#outer.close();
  }
}

function forward(target: Channel, message: ChannelMessage, onPeerGone: () => void): void {
  try {
    target.write(message.bytes, message.handles);
  } catch (error) {
    for (const handle of message.handles) handle.close();
    if ((error as ZxError).status === ZxStatus.PEER_CLOSED || (error as ZxError).status === ZxStatus.BAD_HANDLE) onPeerGone();
  }
}

function methodName(info: ConnectionInfo, bytes: Uint8Array): string | undefined {
  const header = readHeader(bytes);
  if (header === undefined) return undefined;
  return info.descriptor?.methods.find((method) => method.ordinal === header.ordinal)?.name;
}
