// How a bench server announces its port to the harness and exits when the harness goes away.
import type { AddressInfo } from "node:net";

/** The port of a listening server's address; throws if it is not a TCP address. */
export function portOf(address: AddressInfo | string | null): number {
  if (address === null || typeof address === "string") {
    throw new Error(`bench server is not listening on a TCP port: ${String(address)}`);
  }
  return address.port;
}

/**
 * Prints `port` as the first stdout line (the harness waits for it) and ties this process's life
 * to the harness: it exits on SIGTERM and when its stdin closes, which happens even if the
 * harness is SIGKILLed and never runs its own cleanup.
 */
export function announcePort(port: number): void {
  process.stdout.write(`${port}\n`);
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
  process.once("SIGTERM", () => process.exit(0));
}
