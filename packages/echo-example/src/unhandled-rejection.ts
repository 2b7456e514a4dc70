// Catches the unhandled rejection a fire-and-forget promise produces, for demonstration: Node's
// default is to print it and exit with code 1, which would end the example right there.
import { ZxError, ZxStatus } from "@fidl-ws/runtime";

/**
 * Runs `body` with a temporary `unhandledRejection` handler in place of any others (a test
 * runner's included, restored afterwards) and resolves with the first rejection reason that went
 * unhandled. Rejects with ZX_ERR_TIMED_OUT if none arrives within `timeoutMs`.
 */
export async function catchUnhandledRejection(body: () => unknown, timeoutMs: number): Promise<unknown> {
  const previous = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  let timer: NodeJS.Timeout | undefined;
  let handler: ((reason: unknown) => void) | undefined;
  const caught = new Promise<unknown>((resolve, reject) => {
    handler = (reason) => resolve(reason);
    timer = setTimeout(() => reject(new ZxError(ZxStatus.TIMED_OUT, `no unhandled rejection within ${timeoutMs} ms`)), timeoutMs);
  });
  process.on("unhandledRejection", handler!);
  try {
    await body();
    return await caught;
  } finally {
    clearTimeout(timer);
    process.off("unhandledRejection", handler!);
    for (const listener of previous) process.on("unhandledRejection", listener);
  }
}
