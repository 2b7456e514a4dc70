// fast-check: random frames into the decoder and into live links (fake and real sockets) never
// throw out of the link and never crash the process.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { Link } from "../../src/link/link.ts";
import { FUZZ_RUNS } from "../fuzz/runs.ts";
import { decoderProperty, frameBytes, liveLinkProperty } from "./frame-properties.ts";
import { closeServer, listen, within } from "./helpers.ts";

describe("link fuzzing", () => {
  it(`decodes ${FUZZ_RUNS.toLocaleString("en")} random frames without throwing anything but FRAME_CORRUPT`, () => {
    fc.assert(decoderProperty, { numRuns: FUZZ_RUNS });
  });

  it(`survives ${FUZZ_RUNS.toLocaleString("en")} random frame sequences fed into a live link`, async () => {
    await fc.assert(liveLinkProperty, { numRuns: FUZZ_RUNS });
  }, 120_000);

  it("survives random frames over a real socket, then still accepts connections", async () => {
    const { wss, url } = await listen();
    const links: Link[] = [];
    wss.on("connection", (socket) => links.push(new Link(socket, { onError: () => {} })));
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(frameBytes, { minLength: 1, maxLength: 6 }), fc.boolean(), async (frames, zeroKey) => {
          // With the zero key the server link reads the frames itself (socket-reader.ts), else ws does.
          const zeroMask = (mask: Buffer): void => {
            mask.fill(0);
          };
          const socket = new WebSocket(url, { perMessageDeflate: false, ...(zeroKey ? { generateMask: zeroMask } : {}) });
          await within(new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject)), "open");
          for (const frame of frames) socket.send(frame);
          const closed = new Promise((resolve) => socket.once("close", resolve));
          socket.close();
          await within(closed, "the socket closing");
        }),
        { numRuns: 100 },
      );
      await within(Promise.all(links.map((link) => link.closed)), "every server link ending");
      expect(links).toHaveLength(100);
      expect(links.every((link) => !link.isOpen)).toBe(true);
    } finally {
      await closeServer(wss);
    }
  }, 20_000);
});
