// The link writes a burst of frames with few system calls, and holds none past its turn.
import { afterEach, describe, expect, it } from "vitest";
import type { ChannelMessage } from "../../src/channel/channel.ts";
import { type LinkPair, linkPair, recordSocketWrites, text, utf8, within } from "./helpers.ts";

let pair: LinkPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

/** Resolves with the first `count` messages the server's bootstrap end receives. */
function receive(target: LinkPair, count: number): Promise<string[]> {
  const texts: string[] = [];
  return within(
    new Promise<string[]>((resolve) => {
      target.server.bootstrap.listen({
        message: (message: ChannelMessage) => {
          texts.push(text(message.bytes));
          if (texts.length === count) resolve(texts);
        },
        closed: () => {},
      });
    }),
    `${count} messages`,
  );
}

/** How many writes the client's TCP socket has handed to the kernel so far. */
function writeCounter(target: LinkPair): () => number {
  const writes = recordSocketWrites(target.clientSocket);
  return () => writes.length;
}

/** A fresh link pair: its client's write counter and the first `count` messages its server receives. */
async function watchedPair(count: number): Promise<{ links: LinkPair; writes: () => number; received: Promise<string[]> }> {
  const links = await linkPair();
  pair = links;
  return { links, writes: writeCounter(links), received: receive(links, count) };
}

/** Resolves once this turn, its microtasks and its `process.nextTick` callbacks are done. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Writes `count` messages on the client's bootstrap end in this turn; returns their texts. */
function burst(target: LinkPair, label: string, count: number): string[] {
  const sent = Array.from({ length: count }, (_, i) => `${label} ${i}`);
  for (const message of sent) target.client.bootstrap.write(utf8(message));
  return sent;
}

describe("write batching", () => {
  it("sends a turn's frames in at most two writes, and in one once the link is bursting", async () => {
    const { links, writes, received } = await watchedPair(30);
    const first = burst(links, "first", 10);
    await nextTurn();
    // A quiet link sends a turn's first frame at once and the rest together.
    expect(writes()).toBe(2);
    const second = burst(links, "second", 10);
    await nextTurn();
    expect(writes()).toBe(3);
    const third = burst(links, "third", 10);
    expect(await received).toEqual([...first, ...second, ...third]);
    expect(writes()).toBe(4);
  });

  it("writes a lone message to the socket inside write() on a quiet link, at the turn's end under load", async () => {
    const { links, writes, received } = await watchedPair(12);
    links.client.bootstrap.write(utf8("alone"));
    expect(writes()).toBe(1);
    await nextTurn();
    const sent = burst(links, "busy", 10);
    // The burst's first message went out inside write(); the rest wait for the turn's end.
    expect(writes()).toBe(2);
    await nextTurn();
    expect(writes()).toBe(3);
    // Now bursting: even a lone message waits for the end of its turn.
    links.client.bootstrap.write(utf8("after"));
    expect(writes()).toBe(3);
    expect(await received).toEqual(["alone", ...sent, "after"]);
    expect(writes()).toBe(4);
  });

  it("sends lone messages in later turns each with its own write, without waiting for more", async () => {
    const { links, writes, received } = await watchedPair(3);
    links.client.bootstrap.write(utf8("first"));
    await nextTurn();
    expect(writes()).toBe(1);
    links.client.bootstrap.write(utf8("second"));
    await nextTurn();
    expect(writes()).toBe(2);
    links.client.bootstrap.write(utf8("third"));
    expect(await received).toEqual(["first", "second", "third"]);
    expect(writes()).toBe(3);
  });
});
