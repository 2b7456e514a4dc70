// Faults against the REAL device process: kill -9 under 1,000 pending calls (timed), sockets
// dropped mid-handshake and mid-frame, a reboot during a stream of calls, a component that throws
// on every call 12,500 times, and a host killed while the device is calling its server.
import { spawn } from "node:child_process";
import { connect as netConnect } from "node:net";
import { fileURLToPath } from "node:url";
import {
  Channel,
  type DeviceConnection,
  SHUTDOWN_SHIM_MONIKER,
  ZxError,
  ZxStatus,
  connect,
  statecontrol,
} from "@fidl-ws/runtime";
import { describe, expect, it } from "vitest";
import {
  type CalleePingRequest,
  CalleeServer,
  CallbackRunnerClient,
  CallbackRunnerProtocol,
  CrasherClient,
  CrasherProtocol,
} from "../../generated/fuchsia.fakedevice.test.ts";
import { LOG_CAPACITY } from "../../src/log.ts";
import { startDeviceProcess, trackDevices } from "../device-process.ts";
import { within } from "../helpers.ts";
import { CRASHER, HARDENING_CONFIG, MiB, deviceLiveBytes, logSnapshot, probeOf, rssOf } from "./support.ts";

trackDevices("each");

const HOST_CHILD = fileURLToPath(new URL("./host-child.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));

function crasherOf(connection: DeviceConnection): CrasherClient {
  return new CrasherClient(connection.connectDeviceProxy(CRASHER, CrasherProtocol));
}

describe("kill -9 of the device", () => {
  it("rejects all 1,000 pending calls with PEER_CLOSED within 200 ms of the kill", async () => {
    const device = await startDeviceProcess(["--config", HARDENING_CONFIG, "--quiet"]);
    const connection = await within(connect(device.url), 3_000, "connect");
    const crasher = crasherOf(connection);
    await within(crasher.echo({ value: "up" }), 2_000, "Echo");
    let lastRejection = 0;
    const statuses: number[] = [];
    const pending = Array.from({ length: 1_000 }, () =>
      crasher.hang().then(
        () => statuses.push(ZxStatus.OK),
        (error: unknown) => {
          lastRejection = performance.now();
          statuses.push(error instanceof ZxError ? error.status : ZxStatus.INTERNAL);
        },
      ),
    );
    // Every Hang request is on the device (the echo after them answers in order) before the kill.
    await within(crasher.echo({ value: "all sent" }), 15_000, "Echo after 1,000 Hang");
    const killedAt = performance.now();
    device.child.kill("SIGKILL");
    await within(Promise.all(pending), 2_000, "1,000 pending calls");
    expect(statuses).toEqual(Array(1_000).fill(ZxStatus.PEER_CLOSED));
    expect(lastRejection - killedAt).toBeLessThan(200);
    await within(device.exited, 2_000, "device exit");
    await connection.close();
  });
});

describe("a socket dropped mid-frame", () => {
  /** Opens a TCP socket, completes (or not) the WebSocket handshake, sends `tail` and destroys it. */
  async function dropMidway(port: number, handshake: "half" | "full", tail: Buffer): Promise<void> {
    const socket = netConnect(port, "127.0.0.1");
    socket.on("error", () => {});
    await within(new Promise((resolve) => socket.once("connect", resolve)), 2_000, "tcp connect");
    const request =
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    if (handshake === "half") {
      socket.write(request.slice(0, 40));
    } else {
      socket.write(request);
      await within(
        new Promise<void>((resolve) => {
          let seen = "";
          socket.on("data", (chunk: Buffer) => {
            seen += chunk.toString("latin1");
            if (seen.includes("\r\n\r\n")) resolve();
          });
        }),
        2_000,
        "101 Switching Protocols",
      );
      socket.write(tail);
    }
    // Let the device read what was sent before the socket vanishes.
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
  }

  /** A masked binary WebSocket frame header announcing `length` payload bytes. */
  function frameHeader(length: number): Buffer {
    const mask = [0x11, 0x22, 0x33, 0x44];
    if (length < 126) return Buffer.from([0x82, 0x80 | length, ...mask]);
    const header = Buffer.from([0x82, 0x80 | 126, 0, 0, ...mask]);
    header.writeUInt16BE(length, 2);
    return header;
  }

  it("keeps the device up and serving other connections after truncated handshakes and frames", async () => {
    const device = await startDeviceProcess(["--config", HARDENING_CONFIG, "--quiet"]);
    const bystander = await within(connect(device.url), 3_000, "connect");
    const crasher = crasherOf(bystander);
    await within(crasher.echo({ value: "before" }), 2_000, "Echo");
    const truncations: Array<["half" | "full", Buffer]> = [
      ["half", Buffer.alloc(0)], // half an HTTP upgrade request
      ["full", Buffer.from([0x82])], // one byte of a frame header
      ["full", frameHeader(1_000).subarray(0, 3)], // a header cut inside its extended length
      ["full", Buffer.concat([frameHeader(1_000), Buffer.alloc(100, 0x5a)])], // 100 of 1,000 payload bytes
      ["full", Buffer.concat([frameHeader(20), Buffer.alloc(4, 0x5a)])], // a link header cut after 4 bytes
    ];
    for (const [handshake, tail] of truncations) {
      await dropMidway(device.port, handshake, tail);
      expect(await within(crasher.echo({ value: "during" }), 2_000, "Echo on the bystander")).toEqual({ value: "during" });
    }
    expect(device.child.exitCode).toBeNull();
    const fresh = await within(connect(device.url), 3_000, "a new connection");
    expect(await within(crasherOf(fresh).echo({ value: "after" }), 2_000, "Echo on a new connection")).toEqual({ value: "after" });
    expect(await within(crasher.echo({ value: "after" }), 2_000, "Echo on the bystander")).toEqual({ value: "after" });
    await fresh.close();
    await bystander.close();
  });
});

describe("a reboot during a stream of calls", () => {
  it("settles every call with a response or PEER_CLOSED, then serves new calls after targetWait", async () => {
    const device = await startDeviceProcess(["--config", HARDENING_CONFIG, "--reboot-delay-ms", "300", "--quiet"]);
    const connection = await within(connect(device.url), 3_000, "connect");
    const outcomes = { ok: 0, peerClosed: 0, other: [] as unknown[] };
    let stop = false;
    // 16 workers, each calling Echo back to back; a closed client is replaced (as an app would).
    const worker = async (n: number) => {
      let client = crasherOf(connection);
      while (!stop) {
        try {
          const answer = await client.echo({ value: `w${n}` });
          if (answer.value === `w${n}`) outcomes.ok++;
          else outcomes.other.push(answer);
        } catch (error) {
          if (ZxError.is(error, ZxStatus.PEER_CLOSED)) outcomes.peerClosed++;
          else outcomes.other.push(error);
          if (!stop && connection.isConnected) client = crasherOf(connection);
          // The link is down: wait for the reboot to be seen rather than spin.
          else if (!stop) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      client.$close();
    };
    const workers = Array.from({ length: 16 }, (_, n) => worker(n));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const okBeforeReboot = outcomes.ok;
    const admin = new statecontrol.AdminClient(connection.connectDeviceProxy(SHUTDOWN_SHIM_MONIKER, statecontrol.AdminProtocol));
    const reboot = admin.reboot({ reason: statecontrol.RebootReason.USER_REQUEST }).then(
      (reply) => reply.kind,
      (error: unknown) => (ZxError.is(error, ZxStatus.PEER_CLOSED) ? "peer-closed" : error),
    );
    await within(connection.closed, 3_000, "the link to drop");
    stop = true;
    await within(Promise.all(workers), 2_000, "every call in flight to settle");
    expect(["response", "peer-closed"]).toContain(await within(reboot, 1_000, "Reboot"));
    expect(outcomes.other).toEqual([]);
    expect(okBeforeReboot).toBeGreaterThan(0);
    expect(outcomes.peerClosed).toBeGreaterThan(0);
    await within(connection.targetWait({ timeoutMs: 5_000 }), 6_000, "targetWait");
    expect((await within(connection.identify(), 2_000, "identify")).boot_id).toBe(2n);
    const answers = await within(
      Promise.all(Array.from({ length: 16 }, (_, n) => crasherOf(connection).echo({ value: `again ${n}` }))),
      3_000,
      "calls after the reboot",
    );
    expect(answers.map((a) => a.value)).toEqual(Array.from({ length: 16 }, (_, n) => `again ${n}`));
    await connection.close();
  });
});

describe("a component that throws on every call", () => {
  /** Makes `total` Crash calls, `parallel` at a time, each on its own channel; returns their statuses. */
  async function crashMany(connection: DeviceConnection, total: number, parallel: number): Promise<Map<number, number>> {
    const statuses = new Map<number, number>();
    let next = 0;
    const lane = async () => {
      while (next < total) {
        next++;
        const client = crasherOf(connection);
        try {
          await client.crash({ message: "thrown on purpose" });
          statuses.set(ZxStatus.OK, (statuses.get(ZxStatus.OK) ?? 0) + 1);
        } catch (error) {
          const status = error instanceof ZxError ? error.status : ZxStatus.INTERNAL;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }
    };
    await Promise.all(Array.from({ length: parallel }, lane));
    return statuses;
  }

  it("survives 12,500 throwing calls with flat memory and a log bounded by its ring buffer", async () => {
    const device = await startDeviceProcess(["--config", HARDENING_CONFIG, "--quiet"]);
    const connection = await within(connect(device.url), 3_000, "connect");
    const probe = probeOf(connection);
    // 10,000 failures fill the ring buffer (one ERROR record with a stack each) ...
    expect(await within(crashMany(connection, 10_000, 64), 40_000, "10,000 Crash calls")).toEqual(new Map([[ZxStatus.PEER_CLOSED, 10_000]]));
    const filled = await deviceLiveBytes(probe);
    const filledRss = rssOf(device.child.pid!);
    // ... so 2,500 more only replace records: memory must stay flat.
    expect(await within(crashMany(connection, 2_500, 64), 20_000, "2,500 more Crash calls")).toEqual(new Map([[ZxStatus.PEER_CLOSED, 2_500]]));
    const after = await deviceLiveBytes(probe);
    expect(after.live - filled.live).toBeLessThan(4 * MiB);
    expect(rssOf(device.child.pid!) - filledRss).toBeLessThan(32 * MiB);
    expect(device.child.exitCode).toBeNull();
    // The log service never returns more than its capacity; the oldest records were dropped.
    const records = await logSnapshot(connection);
    expect(records.length).toBeLessThanOrEqual(LOG_CAPACITY);
    expect(records.length).toBeGreaterThan(LOG_CAPACITY - 100);
    expect(records.at(-1)?.message).toBe("fuchsia.fakedevice.test.Crasher.Crash handler failed: thrown on purpose");
    expect(await within(crasherOf(connection).echo({ value: "alive" }), 2_000, "Echo")).toEqual({ value: "alive" });
    probe.$close();
    await connection.close();
  });
});

describe("a host that disappears while the device calls its server", () => {
  it("makes the device component see PEER_CLOSED, log it, and keep serving", async () => {
    const device = await startDeviceProcess(["--config", HARDENING_CONFIG, "--quiet"]);
    const watcher = await within(connect(device.url), 3_000, "connect");
    const abort = new AbortController();
    const seen: string[] = [];
    const watching = (async () => {
      for await (const record of watcher.logs({ moniker: "/core/callback_runner", minSeverity: "ERROR", mode: "subscribe", signal: abort.signal })) {
        seen.push(record.message);
        abort.abort();
      }
    })();
    // Make sure the subscription is in place before the host goes away.
    await within(watcher.remoteControl().echoString({ value: "sync" }), 2_000, "EchoString");
    const child = spawn(process.execPath, ["--import", "tsx", HOST_CHILD, device.url], { cwd: PACKAGE_DIR, stdio: ["ignore", "pipe", "pipe"] });
    let childErr = "";
    child.stderr!.on("data", (chunk: Buffer) => (childErr += chunk.toString()));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await within(
        new Promise<void>((resolve) => child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("calling") && resolve())),
        10_000,
        "the device calling the host's Callee",
      ).catch((error: Error) => {
        throw new Error(`${error.message}; host stderr:\n${childErr}`);
      });
    } finally {
      child.kill("SIGKILL");
    }
    await within(exited, 2_000, "host exit");
    await within(watching, 3_000, "the device's ERROR record");
    expect(seen).toEqual([
      "Callee.Ping on the host failed: [ZX_ERR_PEER_CLOSED] fuchsia.fakedevice.test/Callee.Ping: channel closed by peer",
    ]);
    // The device keeps serving: another host's callback works end to end.
    class Callee extends CalleeServer {
      ping(request: CalleePingRequest) {
        return { value: `still ${request.value}` };
      }
    }
    const [client, server] = Channel.create();
    const served = new Callee(server).serve();
    const runner = new CallbackRunnerClient(watcher.connectDeviceProxy("/core/callback_runner", CallbackRunnerProtocol));
    expect((await within(runner.run({ callee: client, value: "here" }), 3_000, "Run")).unwrap()).toEqual({ value: "still here" });
    runner.$close();
    await within(served, 2_000, "Callee serve()");
    expect(device.child.exitCode).toBeNull();
    await watcher.close();
  });
});
