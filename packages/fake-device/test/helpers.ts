// Small test helpers: bounded awaits, a raw WebSocket upgrade, and a shortcut to the fixture config.
import { fileURLToPath } from "node:url";
import { withTimeout } from "@fidl-ws/runtime";
import { WebSocket } from "ws";

/** The fixture config (Crasher, CallbackRunner, a component whose start throws, a broken module). */
export const FIXTURE_CONFIG = fileURLToPath(new URL("./fixtures/device-config.json", import.meta.url));

/** Rejects if `promise` has not settled within `ms` (so a hang fails fast, naming what hung). */
export function within<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return withTimeout(promise, ms, what);
}

/** The rejection of `promise` (fails if it resolves), bounded by `ms`. */
export async function rejectionOf(promise: Promise<unknown>, ms: number, what: string): Promise<unknown> {
  try {
    await within(promise, ms, what);
  } catch (error) {
    return error;
  }
  throw new Error(`${what} resolved, expected a rejection`);
}

/** The HTTP status a raw WebSocket upgrade to `url` gets (101 when accepted). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return within(
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.on("open", () => {
        socket.close();
        resolve(101);
      });
      socket.on("unexpected-response", (_request, response) => {
        resolve(response.statusCode ?? 0);
        response.resume();
        socket.terminate();
      });
      socket.on("error", reject);
    }),
    3_000,
    "upgrade",
  );
}
