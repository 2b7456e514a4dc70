// Decodes link frames into fidlcat-style lines: channel, protocol.method, request / response /
// event / epitaph, txid, and the payload as JSON (bodies are self-describing msgpack, so even a
// protocol whose FIDL is not loaded shows its payload).
import { Channel } from "../channel/channel.ts";
import type { ProtocolDescriptor } from "../bindings/protocol.ts";
import { decodeFrame } from "../link/frame.ts";
import { EPITAPH_ORDINAL, HEADER_BYTES, isFlexible, readHeader } from "../wire/header.ts";
import { decodeEpitaphStatus, decodeMessageBody } from "../wire/message.ts";
import { formatOrdinal } from "../wire/ordinal.ts";
import { toJson } from "../dynamic/json-values.ts";
import { statusName } from "../zx/status.ts";

/** Which way a frame went through the proxy. */
export type TraceDirection = "host->device" | "device->host";

/** One decoded FIDL message or channel close. */
export interface TraceEvent {
  readonly connection: number;
  readonly direction: TraceDirection;
  readonly channel: number;
  /** `request`, `response`, `event`, `epitaph`, `close` (a channel end closed), or `unknown`. */
  readonly kind: "request" | "response" | "event" | "epitaph" | "closing" | "close" | "unknown";
  /** `library/Protocol.Method` when the ordinal is known. */
  readonly method?: string;
  readonly ordinal?: string;
  readonly txid?: number;
  readonly flexible?: boolean;
  /** Link ids of the channel endpoints the message carries. */
  readonly handles?: readonly number[];
  readonly bytes?: number;
  /** The body as JSON data (handles as `"<handle ch=N>"`); for an epitaph, the status name. */
  readonly payload?: unknown;
  readonly error?: string;
}

/** Decodes the frames of one proxied connection; pairs requests with responses by txid. */
export class TraceDecoder {
  readonly #connection: number;
  readonly #methods: ReadonlyMap<bigint, { name: string; kind: string }>;
  /** `channel:txid` of two-way requests still waiting, and which direction they went. */
  readonly #pending = new Map<string, TraceDirection>();

  constructor(connection: number, methods: ReadonlyMap<bigint, { name: string; kind: string }>) {
    this.#connection = connection;
    this.#methods = methods;
  }

  /** Builds the ordinal table of `protocols` (every method and event). */
  static ordinals(protocols: Iterable<ProtocolDescriptor>): Map<bigint, { name: string; kind: string }> {
    const table = new Map<bigint, { name: string; kind: string }>();
    for (const protocol of protocols) {
      for (const method of protocol.methods) table.set(method.ordinal, { name: `${protocol.name}.${method.name}`, kind: method.kind });
    }
    return table;
  }

  /** Decodes one WebSocket message; `undefined` for frames not worth a line (flow-control credit). */
  decode(direction: TraceDirection, data: Uint8Array): TraceEvent | undefined {
    const base = { connection: this.#connection, direction };
    let frame: ReturnType<typeof decodeFrame>;
    try {
      frame = decodeFrame(data);
    } catch (error) {
      return { ...base, channel: -1, kind: "unknown", bytes: data.byteLength, error: (error as Error).message };
    }
    if (frame.kind === "credit") return undefined;
    if (frame.kind === "close" || frame.kind === "closing") return { ...base, channel: frame.channelId, kind: frame.kind };
    const header = readHeader(frame.bytes);
    const common = { ...base, channel: frame.channelId, bytes: frame.bytes.byteLength, handles: frame.handleIds };
    if (header === undefined) return { ...common, kind: "unknown", error: "shorter than a FIDL header" };
    const body = frame.bytes.subarray(HEADER_BYTES);
    if (header.ordinal === EPITAPH_ORDINAL) {
      let status: string;
      try {
        status = statusName(decodeEpitaphStatus(body));
      } catch {
        status = "undecodable";
      }
      return { ...common, kind: "epitaph", payload: status };
    }
    const method = this.#methods.get(header.ordinal);
    const key = `${frame.channelId}:${header.txid}`;
    let kind: TraceEvent["kind"];
    if (header.txid === 0) kind = method?.kind === "event" ? "event" : method === undefined ? "unknown" : "request";
    else if (this.#pending.has(key) && this.#pending.get(key) !== direction) {
      kind = "response";
      this.#pending.delete(key);
    } else {
      kind = "request";
      this.#pending.set(key, direction);
    }
    const decoded = decodePayload(body, frame.handleIds);
    return {
      ...common,
      kind,
      ...(method === undefined ? {} : { method: method.name }),
      ordinal: formatOrdinal(header.ordinal),
      txid: header.txid,
      flexible: isFlexible(header),
      ...decoded,
    };
  }
}

function decodePayload(body: Uint8Array, handleIds: readonly number[]): { payload: unknown } | { error: string } {
  // Stand-in channels let the handle extension resolve; they are shown by link id, then closed.
  const standIns = handleIds.map(() => Channel.create());
  const ids = new Map(standIns.map(([end], i) => [end, handleIds[i]!]));
  try {
    const value = decodeMessageBody(
      body,
      standIns.map(([end]) => end),
    );
    return { payload: toJson(replaceHandles(value, ids)) };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    for (const [a, b] of standIns) {
      a.close();
      b.close();
    }
  }
}

function replaceHandles(value: unknown, ids: ReadonlyMap<Channel, number>): unknown {
  if (value instanceof Channel) return `<handle ch=${ids.get(value) ?? "?"}>`;
  if (Array.isArray(value)) return value.map((item) => replaceHandles(item, ids));
  if (typeof value === "object" && value !== null && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceHandles(item, ids)]));
  }
  return value;
}

/** `>> ch=1 fuchsia.examples/Echo.EchoString request txid=1 {"value":"hi"}` (conn prefix when several). */
export function formatTraceEvent(event: TraceEvent): string {
  const arrow = event.direction === "host->device" ? ">>" : "<<";
  const parts = [`conn=${event.connection}`, arrow, `ch=${event.channel}`];
  if (event.kind === "close") return `${parts.join(" ")} closed`;
  if (event.kind === "closing") return `${parts.join(" ")} closed by the sender (messages it holds follow)`;
  parts.push(event.method ?? `ordinal ${event.ordinal ?? "?"}`, event.kind);
  if (event.txid !== undefined && event.txid !== 0) parts.push(`txid=${event.txid}`);
  if (event.flexible === true) parts.push("flexible");
  if (event.handles !== undefined && event.handles.length > 0) parts.push(`handles=[${event.handles.join(",")}]`);
  if (event.error !== undefined) parts.push(`(undecodable: ${event.error})`);
  else if (event.payload !== undefined) parts.push(JSON.stringify(event.payload));
  return parts.join(" ");
}
