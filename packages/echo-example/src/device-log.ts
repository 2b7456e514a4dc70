// Waiting for one device log record while other work happens: the streamed device log is where a
// device-side server's exception (message and stack) shows up when the host sees only PEER_CLOSED.
import { type DeviceConnection, type LogStreamOptions, ZxError, ZxStatus, type fakedevice } from "@fidl-ws/runtime";

/** A device log record as the host receives it. */
export type DeviceLogRecord = fakedevice.LogRecord;

/** A pending wait for a record; stop it with `cancel()` if it is no longer wanted. */
export interface LogRecordWatch {
  /** Resolves with the first matching record; rejects with ZX_ERR_TIMED_OUT after the bound. */
  readonly record: Promise<DeviceLogRecord>;
  /** Ends the stream; a pending `record` rejects with ZX_ERR_CANCELED. */
  cancel(): void;
}

/**
 * Streams the device log (stored records, then new ones) filtered by `options` and resolves
 * with the first record `matches` accepts. Start it before the operation whose failure it should
 * catch; stored records are included, so it cannot miss one that was written first.
 */
export function watchLog(
  device: DeviceConnection,
  options: Pick<LogStreamOptions, "moniker" | "minSeverity">,
  matches: (record: DeviceLogRecord) => boolean,
  timeoutMs: number,
): LogRecordWatch {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new ZxError(ZxStatus.TIMED_OUT, `no matching log record within ${timeoutMs} ms`)), timeoutMs);
  const record = (async () => {
    try {
      for await (const next of device.logs({ ...options, mode: "snapshot-then-subscribe", signal: abort.signal })) {
        if (matches(next)) return next;
      }
      throw abort.signal.reason instanceof ZxError ? abort.signal.reason : new ZxError(ZxStatus.CANCELED, "log watch cancelled");
    } finally {
      clearTimeout(timer);
      abort.abort(new ZxError(ZxStatus.CANCELED, "log watch done"));
    }
  })();
  // Whoever cancels may not read the outcome; a TIMED_OUT is still reported by `record`.
  record.catch(() => {});
  return { record, cancel: () => abort.abort(new ZxError(ZxStatus.CANCELED, "log watch cancelled")) };
}

/** The records of `moniker` at `minSeverity` or above stored on the device now (snapshot). */
export async function storedRecords(
  device: DeviceConnection,
  options: Pick<LogStreamOptions, "moniker" | "minSeverity">,
): Promise<DeviceLogRecord[]> {
  const records: DeviceLogRecord[] = [];
  for await (const record of device.logs({ ...options, mode: "snapshot" })) records.push(record);
  return records;
}
