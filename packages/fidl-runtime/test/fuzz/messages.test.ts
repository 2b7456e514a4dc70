// Fuzzing FIDL message handling: random messages into generated servers and clients.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { clientMessagesProperty, serverMessagesProperty } from "./message-properties.ts";
import { FUZZ_RUNS } from "./runs.ts";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on("unhandledRejection", onUnhandled);
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
});

describe("FIDL message fuzzing", () => {
  it(`never crashes a generated server: ${FUZZ_RUNS.toLocaleString("en")} random message sequences`, async () => {
    await fc.assert(serverMessagesProperty, { numRuns: FUZZ_RUNS });
    expect(unhandled).toEqual([]);
  }, 120_000);

  it(`never leaves a generated client's call pending: ${FUZZ_RUNS.toLocaleString("en")} random replies`, async () => {
    await fc.assert(clientMessagesProperty, { numRuns: FUZZ_RUNS });
    expect(unhandled).toEqual([]);
  }, 120_000);
});
