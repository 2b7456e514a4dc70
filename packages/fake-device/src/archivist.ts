// The log service (fuchsia.fakedevice.Log): each StreamLogs starts a LogIterator whose GetNext is
// a hanging get over the device log's ring buffer (a cursor per reader, so no per-reader buffer).
import { type Channel, type FidlError, StopServer, fakedevice } from "@fidl-ws/runtime";
import type { DeviceLog, DeviceLogRecord, LogFilter } from "./log.ts";
import { Severity } from "./log.ts";

const { StreamMode, MAX_BATCH_RECORDS } = fakedevice;

/** Batches stay below this many bytes of strings, well under the 64 KiB message limit. */
const MAX_BATCH_BYTES = 48 * 1024;

/** Serves fuchsia.fakedevice.Log. */
export class LogImpl extends fakedevice.LogServer {
  readonly #log: DeviceLog;
  readonly #signal: AbortSignal;

  constructor(channel: Channel, log: DeviceLog, signal: AbortSignal) {
    super(channel, { onError: (error: FidlError) => log.write(Severity.WARN, "/bootstrap/archivist", `Log: ${error.message}`) });
    this.#log = log;
    this.#signal = signal;
  }

  streamLogs(request: fakedevice.LogStreamLogsRequest): void {
    // The hanging get must also end when this reader goes away, not only when the device stops.
    const gone = new AbortController();
    const signal = AbortSignal.any([this.#signal, gone.signal]);
    const iterator = new LogIteratorImpl(request.iterator, this.#log, request.options, signal);
    iterator.serve().then(
      () => gone.abort(),
      () => gone.abort(),
    );
  }
}

/** One reader's stream. */
export class LogIteratorImpl extends fakedevice.LogIteratorServer {
  readonly #log: DeviceLog;
  readonly #filter: LogFilter;
  readonly #signal: AbortSignal;
  /** Snapshot mode: the stream ends at this id. */
  readonly #end: number | undefined;
  #cursor: number;

  constructor(channel: Channel, log: DeviceLog, options: fakedevice.LogStreamOptions, signal: AbortSignal) {
    super(channel, { onError: (error: FidlError) => log.write(Severity.WARN, "/bootstrap/archivist", `LogIterator: ${error.message}`) });
    this.#log = log;
    this.#signal = signal;
    const mode = options.mode ?? StreamMode.SNAPSHOT_THEN_SUBSCRIBE;
    this.#cursor = mode === StreamMode.SUBSCRIBE ? log.nextId : log.firstId;
    this.#end = mode === StreamMode.SNAPSHOT ? log.nextId : undefined;
    this.#filter = {
      ...(options.since_nanos === undefined ? {} : { sinceNanos: options.since_nanos }),
      ...(options.moniker === undefined ? {} : { moniker: options.moniker }),
      ...(options.min_severity === undefined ? {} : { minSeverity: options.min_severity }),
    };
  }

  async getNext(): Promise<fakedevice.LogIteratorGetNextResponse> {
    let dropped = 0;
    for (;;) {
      if (this.#signal.aborted) throw new StopServer("the log service stopped");
      const until = this.#end ?? this.#log.nextId;
      const batch = this.#log.read(this.#cursor, this.#filter, MAX_BATCH_RECORDS, MAX_BATCH_BYTES, until);
      this.#cursor = batch.cursor;
      dropped += batch.dropped;
      if (batch.records.length > 0 || this.#end !== undefined) {
        return { records: batch.records.map(toFidl), dropped: BigInt(dropped) };
      }
      await this.#log.waitForWrite(this.#signal);
    }
  }
}

function toFidl(record: DeviceLogRecord): fakedevice.LogRecord {
  return {
    id: BigInt(record.id),
    time_nanos: record.timeNanos,
    severity: record.severity,
    moniker: record.moniker,
    message: record.message,
    stack: record.stack,
  };
}
