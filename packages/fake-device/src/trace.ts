// --trace: one line per FIDL message crossing a link, decoded by protocol and method name
// (like fidlcat), from the link's frame tap and the protocol descriptors the device knows.
import { EPITAPH_ORDINAL, type ProtocolDescriptor, formatOrdinal, isFlexible, readHeader } from "@fidl-ws/runtime";

/** Maps ordinals to `library/Protocol.Method` names and kinds. */
export class OrdinalTable {
  readonly #names = new Map<bigint, { name: string; kind: string }>();

  constructor(descriptors: Iterable<ProtocolDescriptor> = []) {
    for (const descriptor of descriptors) this.add(descriptor);
  }

  /** Adds every method of `descriptor`. */
  add(descriptor: ProtocolDescriptor): void {
    for (const method of descriptor.methods) {
      this.#names.set(method.ordinal, { name: `${descriptor.name}.${method.name}`, kind: method.kind });
    }
  }

  /** The method with `ordinal`, if known. */
  lookup(ordinal: bigint): { name: string; kind: string } | undefined {
    return this.#names.get(ordinal);
  }
}

/** Direction of a frame as the link's tap reports it. */
export type FrameDirection = "in" | "out";

/**
 * Formats one message as a trace line, e.g.
 * `trace conn=1 in  ch=4 fuchsia.examples/Echo.EchoString two-way txid=3 bytes=31 handles=0`.
 */
export function formatTraceLine(
  table: OrdinalTable,
  connection: number,
  direction: FrameDirection,
  channelId: number,
  bytes: Uint8Array,
  handleCount: number,
): string {
  const prefix = `trace conn=${connection} ${direction === "in" ? "in " : "out"} ch=${channelId}`;
  const header = readHeader(bytes);
  if (header === undefined) return `${prefix} (not a FIDL message) bytes=${bytes.byteLength} handles=${handleCount}`;
  let what: string;
  if (header.ordinal === EPITAPH_ORDINAL) {
    what = "epitaph";
  } else {
    const method = table.lookup(header.ordinal);
    what = method === undefined ? `unknown ordinal ${formatOrdinal(header.ordinal)}` : `${method.name} ${method.kind}`;
  }
  const flexible = isFlexible(header) ? " flexible" : "";
  return `${prefix} ${what}${flexible} txid=${header.txid} bytes=${bytes.byteLength} handles=${handleCount}`;
}
