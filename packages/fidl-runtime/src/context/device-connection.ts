// DeviceConnection: the host's handle on a device, like Fuchsia Controller's Context. One link
// (WebSocket) at a time; targetWait() dials again after a reboot or a lost connection.
import { Channel } from "../channel/channel.ts";
import type { ProtocolDescriptor } from "../bindings/protocol.ts";
import type { CallOptions } from "../bindings/client.ts";
import { connectLink } from "../link/connect.ts";
import type { Link, LinkOptions } from "../link/link.ts";
import { LinkError } from "../link/link-error.ts";
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import { DeviceConnectError } from "./connect-error.ts";
import {
  type IdentifyHostResponse,
  OpenDirType,
  RemoteControlClient,
} from "./generated/fuchsia.developer.remotecontrol.ts";
import { type LogStreamOptions, streamLogs } from "./logs.ts";
import type { LogRecord } from "./generated/fuchsia.fakedevice.ts";

/** Options of {@link connect}. */
export interface ConnectOptions {
  /** Bearer token the device requires (`--token`). */
  token?: string;
  /** Give up connecting after this long (ms): rejects with TIMED_OUT. Default 10,000. */
  timeoutMs?: number;
  /** Extra upgrade request headers. */
  headers?: Record<string, string>;
  /** Ping the device this often so a silently dead peer is noticed. Default off. */
  keepAliveMs?: number;
  /** Sees every message frame on the connection (for tracing): direction, channel id, bytes. */
  onFrame?: LinkOptions["onFrame"];
  /**
   * Told of link-level trouble the device caused (a malformed frame, a refused channel id); the
   * affected channel or link is closed either way. Default: `console.warn`.
   */
  onLinkError?: (error: LinkError) => void;
  /**
   * Mask every frame with a random key on a loopback address too. Default `false`: to a loopback
   * host every frame carries the all-zero key RFC 6455 allows and goes out without a copy, in one
   * write; to any other host every frame carries a random key.
   */
  randomMask?: boolean;
}

/** Options of {@link DeviceConnection.targetWait}. */
export interface TargetWaitOptions {
  /** Wait for the device to go away instead of to be reachable. */
  offline?: boolean;
  /** Give up after this long: rejects with TIMED_OUT. Default 30,000. */
  timeoutMs?: number;
  /** Abort the wait: rejects with CANCELED. */
  signal?: AbortSignal;
}

/** Delay between reconnection attempts in targetWait (doubles up to the maximum). */
const RETRY_INITIAL_MS = 25;
const RETRY_MAX_MS = 400;

/**
 * Connects to a device (`ws://host:port`, as printed by `fake-device`). Rejects with a ZxError:
 * ACCESS_DENIED for a missing or wrong token (HTTP 401/403), CONNECTION_REFUSED when nothing
 * listens or the device is rebooting (HTTP 503), TIMED_OUT after `timeoutMs`.
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<DeviceConnection> {
  const connection = new DeviceConnection(url, options);
  await connection.reconnect();
  return connection;
}

/** The host's connection to a device. Make one with {@link connect}. */
export class DeviceConnection implements AsyncDisposable {
  /** The device address. */
  readonly url: string;
  readonly #options: ConnectOptions;
  #link: Link | undefined;
  #remoteControl: RemoteControlClient | undefined;
  #closed = false;
  /** The dial under way, shared by concurrent reconnects so only one link is made. */
  #dialing: Promise<void> | undefined;

  /** @internal Use {@link connect}. */
  constructor(url: string, options: ConnectOptions = {}) {
    this.url = url;
    this.#options = options;
  }

  /** True while the current link is up. */
  get isConnected(): boolean {
    return this.#link?.isOpen === true;
  }

  /**
   * Why the current link ended; resolves (never rejects) when it does. After targetWait()
   * reconnects, this is the new link's promise.
   */
  get closed(): Promise<ZxError> {
    if (this.#link === undefined) return Promise.resolve(new ZxError(ZxStatus.BAD_STATE, "not connected"));
    return this.#link.closed;
  }

  /** The link in use (for diagnostics: `stats`). */
  get link(): Link | undefined {
    return this.#link;
  }

  /** The device's RemoteControl (on the link's bootstrap channel). */
  remoteControl(): RemoteControlClient {
    const link = this.#requireLink();
    if (this.#remoteControl === undefined) {
      this.#remoteControl = new RemoteControlClient(link.bootstrap);
    }
    return this.#remoteControl;
  }

  /**
   * Connects to `capability` (a discoverable name, or a protocol descriptor whose
   * `discoverableName` is used) of the component at `moniker` and returns the client end at once
   * (pipelined: calls can be written before the device has answered). If the device refuses, it
   * closes the channel with an epitaph (NOT_FOUND for no such component or capability,
   * INVALID_ARGS for a bad moniker, UNAVAILABLE for a failed component), so calls fail with that
   * status. Use {@link connectDeviceProxyChecked} to get a {@link DeviceConnectError} naming the
   * moniker instead.
   */
  connectDeviceProxy(moniker: string, capability: string | ProtocolDescriptor): Channel {
    const [client, server] = Channel.create();
    const name = capabilityName(capability);
    this.remoteControl()
      .connectCapability({
        moniker,
        capability_set: OpenDirType.EXPOSED_DIR,
        capability_name: name,
        server_channel: server,
      })
      .then(
        () => {},
        // The request never left (e.g. the link is down): close the server end so the caller
        // sees PEER_CLOSED instead of waiting forever. A no-op if the end was sent.
        () => server.close(),
      );
    return client;
  }

  /**
   * Like {@link connectDeviceProxy} but waits for the device's answer: rejects with a
   * {@link DeviceConnectError} (`reason` NO_MATCHING_COMPONENT, NO_MATCHING_CAPABILITIES,
   * INVALID_MONIKER, CAPABILITY_CONNECT_FAILED) naming the moniker and capability, or with the
   * transport error (PEER_CLOSED when the device went away).
   */
  async connectDeviceProxyChecked(moniker: string, capability: string | ProtocolDescriptor, options?: CallOptions): Promise<Channel> {
    const [client, server] = Channel.create();
    const name = capabilityName(capability);
    try {
      const result = await this.remoteControl().connectCapability(
        { moniker, capability_set: OpenDirType.EXPOSED_DIR, capability_name: name, server_channel: server },
        options,
      );
      if (result.kind === "err") throw new DeviceConnectError(result.err, moniker, name);
      if (result.kind === "frameworkErr") {
        throw new ZxError(ZxStatus.NOT_SUPPORTED, `the device does not support ConnectCapability (connecting to ${name} at ${moniker})`);
      }
      return client;
    } catch (error) {
      client.close();
      server.close();
      throw error;
    }
  }

  /** What the device says about itself (RemoteControl.IdentifyHost, unwrapped). */
  async identify(options?: CallOptions): Promise<IdentifyHostResponse> {
    const result = await this.remoteControl().identifyHost(options);
    return result.unwrap().response;
  }

  /**
   * Streams device log records (see {@link LogStreamOptions}: `since`, `moniker`,
   * `minSeverity`, `mode`, `signal`). Ends when `signal` aborts or, in snapshot mode, when the
   * stored records are done; throws if the connection is lost.
   */
  logs(options: LogStreamOptions = {}): AsyncIterable<LogRecord> {
    return streamLogs(this, options);
  }

  /**
   * Waits until the device is reachable (reconnecting if the link is down, retrying through a
   * reboot's 503s) or, with `offline`, until the current link is gone. Rejects with TIMED_OUT
   * after `timeoutMs` or CANCELED when `signal` aborts.
   */
  async targetWait(options: TargetWaitOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new ZxError(ZxStatus.TIMED_OUT, `targetWait(${options.offline ? "offline" : "online"}) timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onAbort = () => abort.abort(new ZxError(ZxStatus.CANCELED, "targetWait canceled", { cause: options.signal?.reason }));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    try {
      if (options.offline === true) {
        const link = this.#link;
        if (link === undefined || !link.isOpen) return;
        await raceAbort(link.closed, abort.signal);
        return;
      }
      let delay = RETRY_INITIAL_MS;
      for (;;) {
        if (abort.signal.aborted) throw abort.signal.reason;
        if (this.isConnected) {
          try {
            await this.remoteControl().echoString({ value: "targetWait" }, { signal: abort.signal });
            return;
          } catch (error) {
            if (abort.signal.aborted) throw abort.signal.reason;
            if (!ZxError.is(error, ZxStatus.PEER_CLOSED)) throw error;
            await raceAbort(this.#link!.closed, abort.signal);
          }
        }
        try {
          await this.reconnect({ signal: abort.signal, timeoutMs: Math.max(1, deadline - Date.now()) });
          continue;
        } catch (error) {
          if (abort.signal.aborted) throw abort.signal.reason;
          if (ZxError.is(error, ZxStatus.ACCESS_DENIED)) throw error;
        }
        await sleep(delay, abort.signal);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Dials the device again if the link is down (targetWait does this for you). Channels from the
   * old link stay closed; new ones use the new link. Concurrent calls share one dial (the first
   * caller's options apply).
   */
  reconnect(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
    if (this.#closed) return Promise.reject(new ZxError(ZxStatus.BAD_STATE, "the connection was closed"));
    if (this.isConnected) return Promise.resolve();
    this.#dialing ??= this.#dial(options).finally(() => {
      this.#dialing = undefined;
    });
    return this.#dialing;
  }

  async #dial(options: { signal?: AbortSignal; timeoutMs?: number }): Promise<void> {
    const headers: Record<string, string> = { ...(this.#options.headers ?? {}) };
    if (this.#options.token !== undefined) headers.authorization = `Bearer ${this.#options.token}`;
    const timeoutMs = Math.min(options.timeoutMs ?? Number.POSITIVE_INFINITY, this.#options.timeoutMs ?? 10_000);
    let link: Link;
    try {
      link = await connectLink(this.url, {
        headers,
        handshakeTimeoutMs: timeoutMs,
        onError: this.#options.onLinkError ?? warnLinkError,
        ...(this.#options.onFrame === undefined ? {} : { onFrame: this.#options.onFrame }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(this.#options.keepAliveMs === undefined ? {} : { keepAliveMs: this.#options.keepAliveMs }),
        ...(this.#options.randomMask === undefined ? {} : { randomMask: this.#options.randomMask }),
      });
    } catch (error) {
      if (error instanceof LinkError) throw error;
      throw new ZxError(ZxStatus.CONNECTION_REFUSED, `cannot connect to ${this.url}: ${(error as Error).message}`, { cause: error });
    }
    if (this.#closed) {
      await link.close("connection closed while connecting");
      throw new ZxError(ZxStatus.BAD_STATE, "the connection was closed");
    }
    this.#remoteControl?.$close();
    this.#remoteControl = undefined;
    this.#link = link;
  }

  /** Closes the link: every channel from it sees PEER_CLOSED. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#remoteControl?.$close();
    this.#remoteControl = undefined;
    const link = this.#link;
    if (link?.isOpen) await link.close("connection closed by the host");
  }

  /** `await using device = await connect(url)`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #requireLink(): Link {
    if (this.#closed) throw new ZxError(ZxStatus.BAD_STATE, "the connection was closed");
    if (this.#link === undefined) throw new ZxError(ZxStatus.BAD_STATE, "not connected");
    return this.#link;
  }
}

function capabilityName(capability: string | ProtocolDescriptor): string {
  return typeof capability === "string" ? capability : capability.discoverableName;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return raceAbort(
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
    }),
    signal,
  );
}

function warnLinkError(error: LinkError): void {
  console.warn(`fidl-ws: ${error.message}`);
}
