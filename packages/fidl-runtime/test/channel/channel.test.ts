import { describe, expect, it } from "vitest";
import { Channel, type ChannelMessage, MAX_MESSAGE_BYTES, MAX_MESSAGE_HANDLES } from "../../src/channel/index.ts";
import { announcePeerClosing, DELIVER_IN_WRITE, relayWrite, SYNC_DELIVERY, watchPeerGone } from "../../src/channel/channel.ts";
import { decodeEpitaphStatus, decodeHeader, isEpitaph } from "../../src/wire/index.ts";
import { ZxError, ZxStatus } from "../../src/zx/index.ts";

const bytes = (...values: number[]) => new Uint8Array(values);

async function rejectionOf(promise: Promise<unknown>): Promise<ZxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ZxError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

function thrownBy(fn: () => void): ZxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ZxError) return error;
    throw error;
  }
  throw new Error("expected a throw");
}

describe("Channel", () => {
  it("delivers a written message to the peer in order", async () => {
    const [a, b] = Channel.create();
    a.write(bytes(1));
    a.write(bytes(2));
    expect((await b.read()).bytes).toEqual(bytes(1));
    expect((await b.read()).bytes).toEqual(bytes(2));
  });

  it("wakes a reader that was waiting before the write", async () => {
    const [a, b] = Channel.create();
    const pending = b.read();
    a.write(bytes(7));
    expect((await pending).bytes).toEqual(bytes(7));
  });

  it("throws PEER_CLOSED when writing to a closed peer", () => {
    const [a, b] = Channel.create();
    b.close();
    expect(thrownBy(() => a.write(bytes(1))).status).toBe(ZxStatus.PEER_CLOSED);
  });

  it("drains queued messages before reporting PEER_CLOSED", async () => {
    const [a, b] = Channel.create();
    a.write(bytes(1));
    a.write(bytes(2));
    a.close();
    expect((await b.read()).bytes).toEqual(bytes(1));
    expect(b.isPeerClosed).toBe(false);
    expect((await b.read()).bytes).toEqual(bytes(2));
    expect(b.isPeerClosed).toBe(true);
    expect((await rejectionOf(b.read())).status).toBe(ZxStatus.PEER_CLOSED);
  });

  it("rejects a pending read with PEER_CLOSED when the peer closes", async () => {
    const [a, b] = Channel.create();
    const pending = b.read();
    a.close();
    expect((await rejectionOf(pending)).status).toBe(ZxStatus.PEER_CLOSED);
  });

  it("rejects operations on a closed handle with BAD_HANDLE", async () => {
    const [a] = Channel.create();
    a.close();
    a.close(); // idempotent
    expect(thrownBy(() => a.write(bytes(1))).status).toBe(ZxStatus.BAD_HANDLE);
    expect((await rejectionOf(a.read())).status).toBe(ZxStatus.BAD_HANDLE);
    expect(a.isValid).toBe(false);
  });

  it("accepts a message of exactly 65,536 bytes and 64 handles", async () => {
    const [a, b] = Channel.create();
    const handles = Array.from({ length: MAX_MESSAGE_HANDLES }, () => Channel.create()[0]);
    a.write(new Uint8Array(MAX_MESSAGE_BYTES), handles);
    const message = await b.read();
    expect(message.bytes.byteLength).toBe(65_536);
    expect(message.handles).toHaveLength(64);
  });

  it("refuses one byte over the limit with OUT_OF_RANGE and sends nothing", () => {
    const [a, b] = Channel.create();
    const error = thrownBy(() => a.write(new Uint8Array(MAX_MESSAGE_BYTES + 1)));
    expect(error.status).toBe(ZxStatus.OUT_OF_RANGE);
    expect(b.pendingMessages).toBe(0);
  });

  it("refuses bytes that are not a Uint8Array with INVALID_ARGS naming what came, and sends nothing", () => {
    const [a, b] = Channel.create();
    // A Uint16Array's length counts elements, not bytes: every layer after the check relies on it.
    const wide = thrownBy(() => a.write(new Uint16Array(4) as unknown as Uint8Array));
    expect(wide.status).toBe(ZxStatus.INVALID_ARGS);
    expect(wide.rawMessage).toBe("message bytes must be a Uint8Array, got Uint16Array");
    const text = thrownBy(() => a.write("hello" as unknown as Uint8Array));
    expect(text.rawMessage).toBe("message bytes must be a Uint8Array, got a string");
    expect(thrownBy(() => a.write(new ArrayBuffer(4) as unknown as Uint8Array)).status).toBe(ZxStatus.INVALID_ARGS);
    expect(b.pendingMessages).toBe(0);
    a.write(Buffer.from([1, 2]));
    expect(b.pendingMessages).toBe(1);
  });

  it("refuses 65 handles with OUT_OF_RANGE and leaves them with the sender", () => {
    const [a, b] = Channel.create();
    const handles = Array.from({ length: MAX_MESSAGE_HANDLES + 1 }, () => Channel.create()[0]);
    expect(thrownBy(() => a.write(bytes(1), handles)).status).toBe(ZxStatus.OUT_OF_RANGE);
    expect(b.pendingMessages).toBe(0);
    expect(handles.every((h) => h.isValid)).toBe(true);
  });

  it("moves a written handle: the sender's object becomes unusable, the endpoint stays connected", async () => {
    const [a, b] = Channel.create();
    const [c, d] = Channel.create();
    const koid = c.koid;
    a.write(bytes(0), [c]);
    expect(c.isValid).toBe(false);
    expect(thrownBy(() => c.write(bytes(1))).status).toBe(ZxStatus.BAD_HANDLE);
    const [received] = (await b.read()).handles;
    expect(received?.koid).toBe(koid);
    received!.write(bytes(9));
    expect((await d.read()).bytes).toEqual(bytes(9));
    d.write(bytes(8));
    expect((await received!.read()).bytes).toEqual(bytes(8));
  });

  it("refuses writing a channel into itself, a closed handle, or a handle twice", () => {
    const [a] = Channel.create();
    const [c] = Channel.create();
    expect(thrownBy(() => a.write(bytes(0), [a])).status).toBe(ZxStatus.NOT_SUPPORTED);
    expect(thrownBy(() => a.write(bytes(0), [c, c])).status).toBe(ZxStatus.BAD_HANDLE);
    expect(c.isValid).toBe(true);
    c.close();
    expect(thrownBy(() => a.write(bytes(0), [c])).status).toBe(ZxStatus.BAD_HANDLE);
  });

  it("closes handles inside unread messages when the reader closes", async () => {
    const [a, b] = Channel.create();
    const [c, d] = Channel.create();
    a.write(bytes(0), [c]);
    b.close();
    expect((await rejectionOf(d.read())).status).toBe(ZxStatus.PEER_CLOSED);
  });

  it("sends an epitaph that the peer reads before PEER_CLOSED", async () => {
    const [a, b] = Channel.create();
    a.write(bytes(1, 2, 3));
    a.closeWithEpitaph(ZxStatus.NOT_SUPPORTED);
    expect((await b.read()).bytes).toEqual(bytes(1, 2, 3));
    const epitaph = decodeHeader((await b.read()).bytes);
    expect(isEpitaph(epitaph.header)).toBe(true);
    expect(epitaph.header.txid).toBe(0);
    expect(decodeEpitaphStatus(epitaph.body)).toBe(ZxStatus.NOT_SUPPORTED);
    expect((await rejectionOf(b.read())).status).toBe(ZxStatus.PEER_CLOSED);
  });

  it("cancels a read through an AbortSignal", async () => {
    const [, b] = Channel.create();
    const controller = new AbortController();
    const pending = b.read({ signal: controller.signal });
    controller.abort();
    expect((await rejectionOf(pending)).status).toBe(ZxStatus.CANCELED);
  });

  it("pushes queued and later messages to a listener, then reports closure once", async () => {
    const [a, b] = Channel.create();
    a.write(bytes(1));
    const seen: number[] = [];
    const closed = new Promise<ZxError>((resolve) =>
      b.listen({ message: (m: ChannelMessage) => seen.push(m.bytes[0]!), closed: resolve }),
    );
    a.write(bytes(2));
    a.write(bytes(3));
    a.close();
    expect((await closed).status).toBe(ZxStatus.PEER_CLOSED);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("rejects a pending read with CANCELED when its handle is moved away", async () => {
    const [a] = Channel.create();
    const [c] = Channel.create();
    const pending = c.read();
    a.write(bytes(0), [c]);
    expect((await rejectionOf(pending)).status).toBe(ZxStatus.CANCELED);
  });
});

describe("Channel sync delivery (the bindings' listeners, for what a link relays)", () => {
  function recorder(sync: boolean) {
    const seen: number[] = [];
    const listener = { message: (m: ChannelMessage) => seen.push(m.bytes[0]!), closed: () => seen.push(-1) };
    return { seen, listener: sync ? { ...listener, [SYNC_DELIVERY]: true as const } : listener };
  }

  it("calls an opted-in listener synchronously for a relay's write, in a microtask for anyone else's", async () => {
    const [a, b] = Channel.create();
    const bindings = recorder(true);
    b.listen(bindings.listener);
    a.write(new Uint8Array([1]));
    expect(bindings.seen).toEqual([]);
    await Promise.resolve();
    expect(bindings.seen).toEqual([1]);
    a[relayWrite](new Uint8Array([2]), []);
    expect(bindings.seen).toEqual([1, 2]);
  });

  it("keeps a user listener on microtask delivery even for a relay's write", async () => {
    const [a, b] = Channel.create();
    const user = recorder(false);
    b.listen(user.listener);
    a[relayWrite](new Uint8Array([1]), []);
    expect(user.seen).toEqual([]);
    await Promise.resolve();
    expect(user.seen).toEqual([1]);
  });

  it("keeps order: a message never overtakes one still queued, nor one being delivered", async () => {
    const [a, b] = Channel.create();
    a.write(new Uint8Array([1]));
    a.write(new Uint8Array([2]));
    const seen: number[] = [];
    b.listen({
      message: (m: ChannelMessage) => {
        seen.push(m.bytes[0]!);
        // Relayed from inside the listener: queued behind the message being delivered.
        if (m.bytes[0] === 4) a[relayWrite](new Uint8Array([5]), []);
        if (m.bytes[0] === 5) expect(seen).toEqual([1, 2, 3, 4, 5]);
      },
      closed: () => {},
      [SYNC_DELIVERY]: true,
    });
    a[relayWrite](new Uint8Array([3]), []); // 1 and 2 are still queued: 3 waits for the drain
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([1, 2, 3]);
    a[relayWrite](new Uint8Array([4]), []); // nothing queued any more: straight through
    expect(seen).toEqual([1, 2, 3, 4]);
    await Promise.resolve();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it("tells the writer's read watcher before the listener runs, as a drain would", () => {
    const [a, b] = Channel.create();
    const order: string[] = [];
    a.watchPeerReads(() => order.push("read"));
    b.listen({ message: () => order.push("message"), closed: () => {}, [SYNC_DELIVERY]: true });
    a[relayWrite](new Uint8Array([1]), []);
    expect(order).toEqual(["read", "message"]);
    expect(a.peerPendingMessages).toBe(0);
  });
});

describe("Channel delivery inside write() (a link's proxy while its link is quiet)", () => {
  it("delivers inside write() while the listener says yes, in a microtask once it says no", async () => {
    const [a, b] = Channel.create();
    const seen: number[] = [];
    let quiet = true;
    b.listen({ message: (m: ChannelMessage) => seen.push(m.bytes[0]!), closed: () => {}, [DELIVER_IN_WRITE]: () => quiet });
    a.write(new Uint8Array([1]));
    expect(seen).toEqual([1]);
    quiet = false;
    a.write(new Uint8Array([2]));
    expect(seen).toEqual([1]);
    await Promise.resolve();
    expect(seen).toEqual([1, 2]);
  });

  it("never lets a write overtake a queued message, and is not asked for a relay's write", async () => {
    const [a, b] = Channel.create();
    let asked = 0;
    const seen: number[] = [];
    const listener = {
      message: (m: ChannelMessage) => seen.push(m.bytes[0]!),
      closed: () => {},
      [DELIVER_IN_WRITE]: () => {
        asked++;
        return true;
      },
    };
    a.write(new Uint8Array([1]));
    b.listen(listener); // 1 is queued: 2 must wait behind it
    a.write(new Uint8Array([2]));
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([1, 2]);
    expect(asked).toBe(0);
    a[relayWrite](new Uint8Array([3]), []);
    expect(asked).toBe(0);
    await Promise.resolve();
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe("Channel closing notices (a relay announcing its far end closed)", () => {
  it("tells watchPeerClosed at once and watchPeerGone only when the peer really closes; reads go on", async () => {
    const [a, b] = Channel.create();
    a.write(new Uint8Array([1]));
    const told: string[] = [];
    b.watchPeerClosed(() => told.push("closed"));
    b[watchPeerGone](() => told.push("gone"));
    a[announcePeerClosing]();
    expect(told).toEqual(["closed"]);
    b.watchPeerClosed(() => told.push("closed again, at once"));
    expect(told).toEqual(["closed", "closed again, at once"]);
    a.write(new Uint8Array([2]));
    a.close();
    expect(told).toEqual(["closed", "closed again, at once", "gone"]);
    expect(Array.from((await b.read()).bytes)).toEqual([1]);
    expect(Array.from((await b.read()).bytes)).toEqual([2]);
    await expect(b.read()).rejects.toMatchObject({ status: ZxStatus.PEER_CLOSED });
  });
});
