// Connects to a device for one command and always closes the connection afterwards.
import { type DeviceConnection, connect } from "../context/device-connection.ts";

/** Connection flags every device command takes. */
export interface DeviceFlags {
  readonly url: string;
  readonly token: string | undefined;
  readonly timeoutMs: number;
}

/** Runs `body` with a connection to `flags.url`; the connection is closed however `body` ends. */
export async function withDevice<T>(flags: DeviceFlags, body: (device: DeviceConnection) => Promise<T>): Promise<T> {
  const device = await connect(flags.url, { timeoutMs: flags.timeoutMs, ...(flags.token === undefined ? {} : { token: flags.token }) });
  let result: T;
  try {
    result = await body(device);
  } catch (error) {
    // The command's own error is the one to show; a failure to close after it adds nothing.
    await device.close().catch(() => {});
    throw error;
  }
  await device.close();
  return result;
}
