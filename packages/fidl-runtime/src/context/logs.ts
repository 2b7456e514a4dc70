// The device log as an async iterable: a LogIterator hanging-get loop over fuchsia.fakedevice.Log.
import { Channel } from "../channel/channel.ts";
import { ZxError } from "../zx/error.ts";
import { ZxStatus } from "../zx/status.ts";
import {
  LogClient,
  LogIteratorClient,
  LogProtocol,
  type LogRecord,
  Severity,
  StreamMode,
} from "./generated/fuchsia.fakedevice.ts";
import { ARCHIVIST_MONIKER } from "./monikers.ts";

/** A severity name or value (`"ERROR"` or `Severity.ERROR`). */
export type SeverityLike = keyof typeof Severity | Severity;

/** Options of `DeviceConnection.logs()`. */
export interface LogStreamOptions {
  /** Only records at or after this time: a Date, or nanoseconds since the Unix epoch. */
  since?: Date | bigint;
  /** Only records from this moniker. */
  moniker?: string;
  /** Only records at least this severe. */
  minSeverity?: SeverityLike;
  /**
   * `"snapshot-then-subscribe"` (default): stored records, then new ones as they come;
   * `"snapshot"`: stored records, then the iteration ends; `"subscribe"`: only new records.
   */
  mode?: "snapshot" | "snapshot-then-subscribe" | "subscribe";
  /** Ends the iteration (normally, without an error). */
  signal?: AbortSignal;
  /**
   * Told when records were overwritten in the device's ring buffer before this reader got them.
   * Default: a WARN record with moniker `/` and id 0 is yielded in their place, so a gap is never
   * silent.
   */
  onDropped?: (count: bigint) => void;
}

/** The connection surface logs need (kept narrow so this file does not import the class). */
export interface LogSource {
  connectDeviceProxy(moniker: string, capability: typeof LogProtocol): Channel;
}

const modes = {
  snapshot: StreamMode.SNAPSHOT,
  "snapshot-then-subscribe": StreamMode.SNAPSHOT_THEN_SUBSCRIBE,
  subscribe: StreamMode.SUBSCRIBE,
} as const;

/** Streams records; see {@link LogStreamOptions}. */
export async function* streamLogs(source: LogSource, options: LogStreamOptions): AsyncGenerator<LogRecord, void, undefined> {
  const { signal } = options;
  if (signal?.aborted) return;
  const log = new LogClient(source.connectDeviceProxy(ARCHIVIST_MONIKER, LogProtocol));
  const [iteratorClient, iteratorServer] = Channel.create();
  const iterator = new LogIteratorClient(iteratorClient);
  try {
    log.streamLogs({
      options: {
        mode: modes[options.mode ?? "snapshot-then-subscribe"],
        ...(options.since === undefined
          ? {}
          : { since_nanos: options.since instanceof Date ? BigInt(options.since.getTime()) * 1_000_000n : options.since }),
        ...(options.moniker === undefined ? {} : { moniker: options.moniker }),
        ...(options.minSeverity === undefined ? {} : { min_severity: severityValue(options.minSeverity) }),
      },
      iterator: iteratorServer,
    });
    for (;;) {
      let batch: Awaited<ReturnType<LogIteratorClient["getNext"]>>;
      try {
        batch = await iterator.getNext(signal === undefined ? {} : { signal });
      } catch (error) {
        if (signal?.aborted && ZxError.is(error, ZxStatus.CANCELED)) return;
        throw error;
      }
      if (batch.dropped > 0n) {
        if (options.onDropped !== undefined) options.onDropped(batch.dropped);
        else yield droppedRecord(batch.dropped);
      }
      if (batch.records.length === 0) return;
      for (const record of batch.records) yield record;
    }
  } finally {
    iterator.$close();
    log.$close();
  }
}

function severityValue(severity: SeverityLike): Severity {
  if (typeof severity === "number") return severity;
  const value = Severity[severity];
  if (value === undefined) throw new ZxError(ZxStatus.INVALID_ARGS, `unknown severity ${JSON.stringify(severity)}`);
  return value;
}

function droppedRecord(count: bigint): LogRecord {
  return {
    id: 0n,
    time_nanos: BigInt(Date.now()) * 1_000_000n,
    severity: Severity.WARN,
    moniker: "/",
    message: `${count} log records were overwritten in the device's ring buffer before this reader got them`,
    stack: null,
  };
}
