// The fake device: an HTTP server whose WebSocket connections each get a Link with RemoteControl
// on its bootstrap channel; a realm of components; the log; reboot; faults; tracing.
import { randomBytes } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { LINK_MAX_PAYLOAD, Link, type LinkError, ZxError, ZxStatus } from "@fidl-ws/runtime";
import { type WebSocket, WebSocketServer } from "ws";
import { builtinComponents, builtinDescriptorsOf, serveRemoteControl } from "./builtins.ts";
import type { ComponentDefinition } from "./component.ts";
import { loadConfigFile } from "./config.ts";
import { FaultRegistry, type FaultSpec } from "./faults.ts";
import { DeviceLog, LOG_CAPACITY, type DeviceLogRecord, Severity, nowNanos } from "./log.ts";
import { type ComponentSource, Realm, type RealmOptions } from "./realm.ts";
import { type SecurityPolicy, checkUpgrade, isLoopbackHost } from "./security.ts";
import { OrdinalTable, formatTraceLine } from "./trace.ts";

/** Default reboot duration. */
export const DEFAULT_REBOOT_DELAY_MS = 300;

/** Options of {@link startFakeDevice}. */
export interface FakeDeviceOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Address to bind; default `127.0.0.1`. Anything else without a token is warned about. */
  host?: string;
  /** Node name; default `fuchsia-fake-device`. */
  name?: string;
  /** Device id (IdentifyHost's serial_number); default random. */
  deviceId?: string;
  /** Require this bearer token on every connection. */
  token?: string;
  /** Origins accepted from browsers (requests with any other Origin get 403). */
  allowedOrigins?: readonly string[];
  /** User components, given inline. */
  components?: readonly ComponentDefinition[];
  /** A config file to load components (and faults, origins, reboot delay) from. */
  config?: string;
  /** Faults in force from the start. */
  faults?: readonly FaultSpec[];
  /** How long a reboot takes; default 300 ms. */
  rebootDelayMs?: number;
  /** How long a component may take to load and start before it is marked failed; default 10,000 ms. */
  componentStartTimeoutMs?: number;
  /** Log ring buffer size; default {@link LOG_CAPACITY}. */
  logCapacity?: number;
  /** `true` traces to stderr; a function receives each trace line. */
  trace?: boolean | ((line: string) => void);
  /** Receives warnings (e.g. binding a non-loopback address without a token); default stderr. */
  onWarning?: (message: string) => void;
}

/** A started device. */
export interface RunningFakeDevice {
  /** `ws://HOST:PORT`. */
  readonly url: string;
  readonly port: number;
  readonly device: FakeDevice;
  /** Stops the device: closes every connection and the listening socket. */
  close(): Promise<void>;
}

/** Starts a device and resolves once it listens. */
export async function startFakeDevice(options: FakeDeviceOptions = {}): Promise<RunningFakeDevice> {
  const device = new FakeDevice(options);
  await device.listen();
  return { url: device.url, port: device.port, device, close: () => device.close() };
}

/** Lifecycle of the device. */
export type DeviceState = "stopped" | "booting" | "running" | "rebooting" | "closed";

/** The device. Usually made by {@link startFakeDevice}. */
export class FakeDevice {
  readonly log: DeviceLog;
  readonly faults: FaultRegistry;
  readonly name: string;
  readonly deviceId: string;
  readonly rebootDelayMs: number;
  readonly #options: FakeDeviceOptions;
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #links = new Set<Link>();
  readonly #sockets = new Set<Socket>();
  readonly #warn: (message: string) => void;
  #policy: SecurityPolicy;
  #state: DeviceState = "stopped";
  #realm: Realm;
  #userSources: ComponentSource[] = [];
  #bootId = 0n;
  #bootTimeNanos = 0n;
  #bootMonotonic = 0;
  #rebootTimer: NodeJS.Timeout | undefined;
  /** The reboot under way, if any, and what settles it early (close). */
  #rebooting: Promise<void> | undefined;
  #finishReboot: (() => void) | undefined;
  #connectionCount = 0;
  #port = 0;
  #trace: ((line: string) => void) | undefined;
  #ordinals = new OrdinalTable();

  constructor(options: FakeDeviceOptions = {}) {
    if (options.token === "") throw new ZxError(ZxStatus.INVALID_ARGS, "the token must not be empty");
    this.#options = options;
    this.name = options.name ?? "fuchsia-fake-device";
    this.deviceId = options.deviceId ?? `FAKE-${randomBytes(6).toString("hex").toUpperCase()}`;
    this.rebootDelayMs = options.rebootDelayMs ?? DEFAULT_REBOOT_DELAY_MS;
    this.log = new DeviceLog(options.logCapacity ?? LOG_CAPACITY);
    this.#warn = options.onWarning ?? ((message) => process.stderr.write(`fake-device: warning: ${message}\n`));
    this.#policy = {
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
    };
    this.#trace = options.trace === true ? (line) => process.stderr.write(`${line}\n`) : options.trace || undefined;
    this.faults = new FaultRegistry({
      reportFailure: (moniker, protocol, error, method) => this.#realm.reportHandlerFailure(moniker, protocol, error, method),
      note: (moniker, message) => this.log.write(Severity.INFO, moniker, message),
    });
    for (const fault of options.faults ?? []) this.faults.inject(fault);
    this.#realm = new Realm(this.log, this.#realmOptions());
    this.#server = createServer((request, response) => this.#plainRequest(request, response));
    this.#server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(request, socket, head));
    this.#server.on("connection", (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: LINK_MAX_PAYLOAD, perMessageDeflate: false });
  }

  /** `ws://HOST:PORT` once listening. */
  get url(): string {
    const host = this.#options.host ?? "127.0.0.1";
    return `ws://${host.includes(":") ? `[${host}]` : host}:${this.#port}`;
  }

  /** The bound port once listening. */
  get port(): number {
    return this.#port;
  }

  get state(): DeviceState {
    return this.#state;
  }

  /** Changes on every boot. */
  get bootId(): bigint {
    return this.#bootId;
  }

  /** Boot time (ns since the Unix epoch) of the current boot. */
  get bootTimeNanos(): bigint {
    return this.#bootTimeNanos;
  }

  /** Nanoseconds since the current boot. */
  monotonicNanos(): bigint {
    return BigInt(Math.round((performance.now() - this.#bootMonotonic) * 1e6));
  }

  /** The components of the current boot. */
  get realm(): Realm {
    return this.#realm;
  }

  /** Number of open host connections. */
  get connectionCount(): number {
    return this.#links.size;
  }

  /** Loads config, boots the components and starts listening. */
  async listen(): Promise<void> {
    if (this.#state !== "stopped") throw new ZxError(ZxStatus.BAD_STATE, `device is ${this.#state}, cannot listen`);
    const host = this.#options.host ?? "127.0.0.1";
    this.#userSources = (this.#options.components ?? []).map(inlineSource);
    if (this.#options.config !== undefined) {
      const config = await loadConfigFile(this.#options.config);
      this.#userSources.push(...config.components);
      for (const fault of config.faults) this.faults.inject(fault);
      if (config.allowedOrigins !== undefined) {
        this.#policy = { ...this.#policy, allowedOrigins: [...(this.#policy.allowedOrigins ?? []), ...config.allowedOrigins] };
      }
      if (config.rebootDelayMs !== undefined && this.#options.rebootDelayMs === undefined) {
        (this as { rebootDelayMs: number }).rebootDelayMs = config.rebootDelayMs;
      }
    }
    if (!isLoopbackHost(host) && this.#policy.token === undefined) {
      this.#warn(`listening on ${host} without a token: anyone who can reach this address can control the device`);
    }
    await this.#boot();
    // close() may have come while the config loaded or the components started.
    if ((this.#state as DeviceState) === "closed") throw new ZxError(ZxStatus.BAD_STATE, "the device was closed while starting");
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(this.#options.port ?? 0, host, () => {
        this.#server.off("error", reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  /**
   * Reboots: replies are the caller's business; this drops every connection (every host channel
   * sees PEER_CLOSED), stops every component, refuses connections (HTTP 503) for `rebootDelayMs`,
   * then boots again. Resolves when the device is back.
   */
  reboot(reason = "USER_REQUEST"): Promise<void> {
    // A reboot under way (waiting out its delay, or booting again) is the one the caller gets.
    if (this.#rebooting !== undefined) return this.#rebooting;
    if (this.#state !== "running") return Promise.reject(new ZxError(ZxStatus.BAD_STATE, `device is ${this.#state}, cannot reboot`));
    this.#state = "rebooting";
    this.log.write(Severity.INFO, "/", `rebooting (reason ${reason})`);
    this.dropConnections(new ZxError(ZxStatus.PEER_CLOSED, `device rebooting (${reason})`));
    this.#realm.stop();
    const rebooting = new Promise<void>((resolve) => {
      // close() settles it too, so nobody waits for a reboot that will never finish.
      this.#finishReboot = resolve;
      this.#rebootTimer = setTimeout(() => {
        this.#rebootTimer = undefined;
        if (this.#state !== "rebooting") return resolve();
        this.#boot().then(resolve, resolve);
      }, this.rebootDelayMs);
    }).finally(() => {
      this.#rebooting = undefined;
      this.#finishReboot = undefined;
    });
    this.#rebooting = rebooting;
    return rebooting;
  }

  /** Closes every host connection now (the device itself keeps running). */
  dropConnections(reason = new ZxError(ZxStatus.PEER_CLOSED, "connection dropped by the device")): void {
    for (const link of [...this.#links]) link.close(reason);
  }

  /** Stops the device: every connection, every component, the listening socket. */
  async close(): Promise<void> {
    if (this.#state === "closed") return;
    this.#state = "closed";
    if (this.#rebootTimer !== undefined) clearTimeout(this.#rebootTimer);
    this.#finishReboot?.();
    this.dropConnections(new ZxError(ZxStatus.PEER_CLOSED, "device shutting down"));
    this.#realm.stop();
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      for (const socket of this.#sockets) socket.destroy();
    });
  }

  #realmOptions(): RealmOptions {
    const timeout = this.#options.componentStartTimeoutMs;
    return timeout === undefined ? { interpose: this.faults.interpose } : { interpose: this.faults.interpose, startTimeoutMs: timeout };
  }

  async #boot(): Promise<void> {
    this.#state = "booting";
    this.#bootId += 1n;
    this.#bootTimeNanos = nowNanos();
    this.#bootMonotonic = performance.now();
    this.#realm = new Realm(this.log, this.#realmOptions());
    this.log.write(Severity.INFO, "/", `booting ${this.name} (boot ${this.#bootId})`);
    const realm = this.#realm;
    await realm.start([...builtinComponents(this), ...this.#userSources]);
    if ((this.#state as DeviceState) === "closed") {
      realm.stop();
      return;
    }
    this.#ordinals = new OrdinalTable([...builtinDescriptorsOf(this), ...realm.descriptors()]);
    if (this.#state === "booting") this.#state = "running";
  }

  #plainRequest(_request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(426, { "content-type": "text/plain", connection: "close" });
    response.end("fake-device speaks FIDL over WebSocket: connect with a WebSocket client\n");
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => {});
    if (this.#state !== "running") {
      refuse(socket, 503, this.#state === "rebooting" ? "device is rebooting" : `device is ${this.#state}`);
      return;
    }
    const refusal = checkUpgrade(request, this.#policy);
    if (refusal !== undefined) {
      this.log.write(Severity.WARN, "/", `refused a connection from ${request.socket.remoteAddress ?? "?"}: ${refusal.reason}`);
      refuse(socket, refusal.status, refusal.reason);
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws));
  }

  #accept(ws: WebSocket): void {
    if (this.#state !== "running") {
      ws.close(1013, "device is rebooting");
      return;
    }
    const connection = ++this.#connectionCount;
    const trace = this.#trace;
    const link = new Link(ws, {
      ...(trace === undefined
        ? {}
        : {
            onFrame: (direction: "in" | "out", channelId: number, bytes: Uint8Array, handleCount: number) =>
              trace(formatTraceLine(this.#ordinals, connection, direction, channelId, bytes, handleCount)),
          }),
      onError: (error: LinkError) => this.log.write(Severity.WARN, "/", `connection ${connection}: ${error.message}`),
    });
    this.#links.add(link);
    link.closed.then(() => this.#links.delete(link));
    serveRemoteControl(this, link.bootstrap, () => link.close(new ZxError(ZxStatus.PEER_CLOSED, "connection dropped by a fault")));
  }
}

function inlineSource(definition: ComponentDefinition): ComponentSource {
  return { moniker: definition.moniker, load: () => definition };
}

function refuse(socket: Duplex, status: 401 | 403 | 503, reason: string): void {
  const text = { 401: "Unauthorized", 403: "Forbidden", 503: "Service Unavailable" }[status];
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      (status === 401 ? 'WWW-Authenticate: Bearer realm="fake-device"\r\n' : "") +
      (status === 503 ? "Retry-After: 1\r\n" : "") +
      `\r\n${body}`,
  );
}

export type { DeviceLogRecord };
