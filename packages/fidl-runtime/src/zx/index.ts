// The zx layer: statuses and errors.
export { ZxStatus, statusName, isKnownStatus, type ZxStatusName, type ZxStatusCode } from "./status.ts";
export { ZxError, type ZxErrorOptions } from "./error.ts";
