// The device log: a bounded ring buffer of records that components write and hosts stream.

/** Log severities, with fuchsia.diagnostics.Severity's numeric values (as in fuchsia.fakedevice). */
export const Severity = {
  TRACE: 0x10,
  DEBUG: 0x20,
  INFO: 0x30,
  WARN: 0x40,
  ERROR: 0x50,
  FATAL: 0x60,
} as const;
/** A severity name, e.g. `"ERROR"`. */
export type SeverityName = keyof typeof Severity;
/** A severity value. */
export type SeverityValue = (typeof Severity)[SeverityName];

const severityNames = new Map<number, SeverityName>(
  Object.entries(Severity).map(([name, value]) => [value, name as SeverityName]),
);

/** The printable name of a severity value (`SEVERITY(n)` if unknown). */
export function severityName(severity: number): string {
  return severityNames.get(severity) ?? `SEVERITY(${severity})`;
}

/** How many records the device keeps (the newest ones); older records are overwritten. */
export const LOG_CAPACITY = 10_000;
/** Longest message kept; longer ones are truncated (matches fuchsia.fakedevice.MAX_LOG_MESSAGE_LENGTH). */
export const MAX_LOG_MESSAGE_BYTES = 8192;
/** Longest stack kept (matches fuchsia.fakedevice.MAX_STACK_LENGTH). */
export const MAX_STACK_BYTES = 16384;

/** One record. */
export interface DeviceLogRecord {
  /** Sequence number, from 1, increasing by one per record. */
  readonly id: number;
  /** Nanoseconds since the Unix epoch. */
  readonly timeNanos: bigint;
  readonly severity: SeverityValue;
  /** The component that wrote it; `/` for the device itself. */
  readonly moniker: string;
  readonly message: string;
  /** The error's stack, for records about a failure. */
  readonly stack: string | null;
}

/** Which records a reader wants. */
export interface LogFilter {
  /** Only records with `timeNanos >= sinceNanos`. */
  sinceNanos?: bigint;
  /** Only this moniker's records. */
  moniker?: string;
  /** Only records at least this severe. */
  minSeverity?: number;
}

/** What one {@link DeviceLog.read} returns. */
export interface LogReadResult {
  records: DeviceLogRecord[];
  /** Records overwritten before this reader reached them (whether or not they matched). */
  dropped: number;
  /** Where the next read continues. */
  cursor: number;
}

/** Nanoseconds since the Unix epoch, with sub-millisecond precision from the monotonic clock. */
export function nowNanos(): bigint {
  return wallOriginNanos + BigInt(Math.round((performance.now() - monotonicOrigin) * 1e6));
}
const monotonicOrigin = performance.now();
const wallOriginNanos = BigInt(Date.now()) * 1_000_000n;

/**
 * The ring buffer. Readers keep a cursor (the id of the next record they want), so a slow reader
 * costs no memory: when it falls more than {@link LOG_CAPACITY} records behind, the overwritten
 * records are counted as `dropped` in its next read, never silently skipped.
 */
export class DeviceLog {
  readonly capacity: number;
  readonly #ring: Array<DeviceLogRecord | undefined>;
  #nextId = 1;
  #waiters = new Set<() => void>();
  readonly #listeners = new Set<(record: DeviceLogRecord) => void>();

  constructor(capacity = LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`log capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.#ring = new Array(capacity);
  }

  /** Id the next record will get (a cursor at "now"). */
  get nextId(): number {
    return this.#nextId;
  }

  /** Id of the oldest record still stored. */
  get firstId(): number {
    return Math.max(1, this.#nextId - this.capacity);
  }

  /** Calls `listener` for every record written from now on; returns the unsubscribe function. */
  onRecord(listener: (record: DeviceLogRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Appends a record (message and stack truncated to their limits) and wakes waiting readers. */
  write(severity: SeverityValue, moniker: string, message: string, stack?: string | null): DeviceLogRecord {
    const record: DeviceLogRecord = {
      id: this.#nextId++,
      timeNanos: nowNanos(),
      severity,
      moniker,
      message: truncateUtf8(message, MAX_LOG_MESSAGE_BYTES),
      stack: stack == null ? null : truncateUtf8(stack, MAX_STACK_BYTES),
    };
    this.#ring[record.id % this.capacity] = record;
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const wake of waiters) wake();
    for (const listener of this.#listeners) {
      try {
        listener(record);
      } catch {
        // A broken listener (e.g. a closed stderr) must not stop logging.
      }
    }
    return record;
  }

  /**
   * Reads up to `max` matching records with ids in [`cursor`, `until`) (and at most `maxBytes` of
   * strings, so a batch fits in one channel message).
   */
  read(cursor: number, filter: LogFilter, max: number, maxBytes = Number.POSITIVE_INFINITY, until = this.#nextId): LogReadResult {
    const first = this.firstId;
    let dropped = 0;
    let position = cursor;
    if (position < first) {
      dropped = first - position;
      position = first;
    }
    const records: DeviceLogRecord[] = [];
    let bytes = 0;
    const end = Math.min(until, this.#nextId);
    while (position < end && records.length < max) {
      const record = this.#ring[position % this.capacity]!;
      if (matches(record, filter)) {
        const size = recordBytes(record);
        if (records.length > 0 && bytes + size > maxBytes) break;
        bytes += size;
        records.push(record);
      }
      position++;
    }
    return { records, dropped, cursor: position };
  }

  /** Resolves at the next write, or when `signal` aborts. */
  waitForWrite(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#waiters.delete(wake);
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.add(wake);
    });
  }
}

function matches(record: DeviceLogRecord, filter: LogFilter): boolean {
  if (filter.sinceNanos !== undefined && record.timeNanos < filter.sinceNanos) return false;
  if (filter.moniker !== undefined && record.moniker !== filter.moniker) return false;
  if (filter.minSeverity !== undefined && record.severity < filter.minSeverity) return false;
  return true;
}

/** An upper bound of a record's encoded size (strings in UTF-8 plus fixed fields). */
export function recordBytes(record: DeviceLogRecord): number {
  return (
    64 +
    Buffer.byteLength(record.moniker) +
    Buffer.byteLength(record.message) +
    (record.stack === null ? 0 : Buffer.byteLength(record.stack))
  );
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return text;
  const marker = "…";
  const budget = maxBytes - Buffer.byteLength(marker);
  let used = 0;
  let length = 0;
  for (const char of text) {
    const size = char.length === 1 ? (char.charCodeAt(0) < 0x80 ? 1 : char.charCodeAt(0) < 0x800 ? 2 : 3) : 4;
    if (used + size > budget) break;
    used += size;
    length += char.length;
  }
  return text.slice(0, length) + marker;
}
