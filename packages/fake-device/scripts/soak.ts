// `pnpm soak`: runs the real device process on 127.0.0.1 under mixed traffic (echo calls, event
// floods, channel passing both ways, a throwing handler, log streaming) with periodic reboots,
// then reports calls made, errors by status, unexpected errors and both processes' memory.
// Exits 1 on any unexpected error. SOAK_SECONDS (default 120) bounds it; loopback only.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  Channel,
  type DeviceConnection,
  SHUTDOWN_SHIM_MONIKER,
  ZxError,
  ZxStatus,
  connect,
  statecontrol,
  statusName,
  withTimeout,
} from "@fidl-ws/runtime";
import {
  type CalleePingRequest,
  CalleeServer,
  CallbackRunnerClient,
  CallbackRunnerProtocol,
  CrasherClient,
  CrasherProtocol,
} from "../generated/fuchsia.fakedevice.test.ts";
import { type DeviceProcess, spawnFakeDevice } from "../src/process.ts";
import { RAW_ECHO_PROTOCOL } from "../test/fixtures/hardening-components.ts";
import {
  FloodClient,
  FloodEventHandler,
  FloodProtocol,
  ProbeClient,
  ProbeProtocol,
} from "../test/hardening/generated/fuchsia.fakedevice.hardening.ts";

const SECONDS = positive("SOAK_SECONDS", 120);
const REBOOT_EVERY_MS = positive("SOAK_REBOOT_EVERY_SECONDS", Math.max(5, Math.min(20, SECONDS / 4))) * 1000;
const CONFIG = fileURLToPath(new URL("../test/hardening/device-config.json", import.meta.url));

function positive(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 3600) {
    process.stderr.write(`soak: ${name} must be a number of seconds from 1 to 3600, got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return value;
}

/** What the run counted. */
const report = {
  calls: new Map<string, number>(),
  errors: new Map<string, number>(),
  unexpected: [] as string[],
  reboots: 0,
  eventsReceived: 0,
  logRecordsStreamed: 0,
};

function count(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Starts the device process on loopback with the hardening components. */
async function startDevice(): Promise<DeviceProcess> {
  const device = await spawnFakeDevice({
    args: ["--host", "127.0.0.1", "--config", CONFIG, "--reboot-delay-ms", "300", "--quiet", "--name", "soak-device"],
  });
  if (!device.url.startsWith("ws://127.0.0.1:")) {
    await device.kill();
    throw new Error(`refusing to soak a device that is not on loopback: ${device.url}`);
  }
  return device;
}

/** Traffic shared state: the connection, whether a reboot is under way, when to stop. */
class Soak {
  readonly connection: DeviceConnection;
  readonly deadline: number;
  /** Bumped whenever the link goes down (reboot): an operation that saw it change may fail with PEER_CLOSED. */
  epoch = 0;
  #online: Promise<void> | undefined;

  constructor(connection: DeviceConnection, deadline: number) {
    this.connection = connection;
    this.deadline = deadline;
  }

  get running(): boolean {
    return Date.now() < this.deadline;
  }

  /** Waits until the device is reachable again (one targetWait shared by every worker). */
  online(): Promise<void> {
    if (this.connection.isConnected) return Promise.resolve();
    this.#online ??= this.connection.targetWait({ timeoutMs: 15_000 }).finally(() => {
      this.#online = undefined;
    });
    return this.#online;
  }

  /**
   * Runs one operation and files its outcome. Expected failures: `expectedStatus` (e.g. the
   * throwing handler's PEER_CLOSED), and PEER_CLOSED when the link went down during the call.
   */
  async op(kind: string, body: () => Promise<unknown>, expectedStatus?: number): Promise<boolean> {
    await this.online();
    const epoch = this.epoch;
    const linkBefore = this.connection.link;
    count(report.calls, kind);
    try {
      await body();
      if (expectedStatus !== undefined) this.#unexpected(kind, `succeeded; expected ${statusName(expectedStatus)}`);
      return true;
    } catch (error) {
      const status = error instanceof ZxError ? error.status : undefined;
      const name = status === undefined ? "non-ZxError" : statusName(status);
      count(report.errors, `${kind} ${name}`);
      const linkDropped = epoch !== this.epoch || linkBefore !== this.connection.link || !this.connection.isConnected;
      const expected = status === expectedStatus || (status === ZxStatus.PEER_CLOSED && linkDropped);
      if (!expected) this.#unexpected(kind, error instanceof Error ? error.message : String(error));
      if (linkDropped) await this.online().catch(() => {});
      return false;
    }
  }

  #unexpected(kind: string, message: string): void {
    report.unexpected.push(`${kind}: ${message}`);
  }
}

function within<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return withTimeout(promise, ms, what);
}

// ---- workers: each loops until the deadline ----

async function echoWorker(soak: Soak, n: number): Promise<void> {
  let client: CrasherClient | undefined;
  while (soak.running) {
    const ok = await soak.op("echo", async () => {
      client ??= new CrasherClient(soak.connection.connectDeviceProxy("/core/crasher", CrasherProtocol));
      const answer = await within(client.echo({ value: `soak ${n}` }), 5_000, "Echo");
      if (answer.value !== `soak ${n}`) throw new Error(`Echo answered ${JSON.stringify(answer.value)}`);
    });
    if (!ok) {
      client?.$close();
      client = undefined;
    }
  }
  client?.$close();
}

async function crashWorker(soak: Soak): Promise<void> {
  while (soak.running) {
    await soak.op(
      "crash",
      async () => {
        const client = new CrasherClient(soak.connection.connectDeviceProxy("/core/crasher", CrasherProtocol));
        await within(client.crash({ message: "soak: thrown on purpose" }), 5_000, "Crash");
      },
      ZxStatus.PEER_CLOSED,
    );
    await sleep(5);
  }
}

async function floodWorker(soak: Soak): Promise<void> {
  const count = 200;
  while (soak.running) {
    await soak.op("events", async () => {
      const client = new FloodClient(soak.connection.connectDeviceProxy("/core/hardening_flood", FloodProtocol));
      let received = 0;
      class Handler extends FloodEventHandler {
        onBlob(event: { seq: number; data: Uint8Array }): void {
          if (event.seq !== received) throw new Error(`event ${event.seq} arrived when ${received} was due`);
          received++;
          report.eventsReceived++;
          if (received === count) this.$stop();
        }
      }
      client.start({ count, size: 4_096, max_queued: 16 });
      try {
        await within(new Handler(client).serve(), 10_000, "200 OnBlob events");
        if (received !== count) throw new ZxError(ZxStatus.PEER_CLOSED, `flood ended after ${received} of ${count} events`);
      } finally {
        client.$close();
      }
    });
  }
}

async function callbackWorker(soak: Soak): Promise<void> {
  class Callee extends CalleeServer {
    ping(request: CalleePingRequest) {
      return { value: `host saw ${request.value}` };
    }
  }
  let n = 0;
  while (soak.running) {
    await soak.op("channel-passing", async () => {
      const value = `cb ${n++}`;
      const [client, server] = Channel.create();
      const served = new Callee(server, { onError: () => {} }).serve();
      const runner = new CallbackRunnerClient(soak.connection.connectDeviceProxy("/core/callback_runner", CallbackRunnerProtocol));
      try {
        const result = await within(runner.run({ callee: client, value }), 5_000, "CallbackRunner.Run");
        if (result.kind === "err") throw new ZxError(result.err, "the device's call to the host's Callee failed");
        if (result.unwrap().value !== `host saw ${value}`) throw new Error(`Run answered ${JSON.stringify(result.unwrap())}`);
      } finally {
        runner.$close();
        await within(served, 5_000, "the Callee server").catch(() => {});
      }
    });
  }
}

async function rawEchoWorker(soak: Soak): Promise<void> {
  while (soak.running) {
    await soak.op("handle-round-trip", async () => {
      const echo = soak.connection.connectDeviceProxy("/core/hardening_raw_echo", RAW_ECHO_PROTOCOL);
      const pairs = Array.from({ length: 8 }, () => Channel.create());
      try {
        echo.write(new Uint8Array(1_024).fill(7), pairs.map(([, far]) => far));
        const back = await within(echo.read(), 5_000, "RawEcho");
        if (back.handles.length !== 8) throw new Error(`RawEcho returned ${back.handles.length} handles`);
        pairs[3]![0].write(new Uint8Array([3]));
        const through = await within(back.handles[3]!.read(), 5_000, "a message through a returned handle");
        if (through.bytes[0] !== 3) throw new Error("a returned handle is not connected to its pair");
        for (const handle of back.handles) handle.close();
      } finally {
        for (const [near, far] of pairs) {
          near.close();
          if (far.isValid) far.close();
        }
        echo.close();
      }
    });
  }
}

async function logWorker(soak: Soak): Promise<void> {
  while (soak.running) {
    const abort = new AbortController();
    const stop = setTimeout(() => abort.abort(), Math.max(0, soak.deadline - Date.now()));
    await soak.op("log-stream", async () => {
      for await (const _record of soak.connection.logs({ mode: "subscribe", signal: abort.signal, onDropped: () => {} })) {
        report.logRecordsStreamed++;
      }
    });
    clearTimeout(stop);
  }
}

async function rebootWorker(soak: Soak): Promise<void> {
  for (;;) {
    await sleep(REBOOT_EVERY_MS);
    if (Date.now() + REBOOT_EVERY_MS / 2 > soak.deadline) return;
    await soak.op("reboot", async () => {
      const admin = new statecontrol.AdminClient(soak.connection.connectDeviceProxy(SHUTDOWN_SHIM_MONIKER, statecontrol.AdminProtocol));
      const closed = soak.connection.closed;
      soak.epoch++;
      const reply = await within(admin.reboot({ reason: statecontrol.RebootReason.USER_REQUEST }), 5_000, "Reboot").catch((error: unknown) => {
        // The reply may lose the race with the dropped connection; that is a reboot too.
        if (ZxError.is(error, ZxStatus.PEER_CLOSED)) return undefined;
        throw error;
      });
      if (reply !== undefined && reply.kind !== "response") throw new Error(`Reboot answered ${reply.kind}`);
      await within(closed, 5_000, "the connection to drop");
      soak.epoch++;
      report.reboots++;
    });
  }
}

// Turning --expose-gc on at run time gives a full GC, so the host's final numbers are live bytes.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** The device's memory after a full GC there (Probe.Memory). */
async function deviceMemory(connection: DeviceConnection): Promise<{ rss: bigint; heap_used: bigint; array_buffers: bigint }> {
  const probe = new ProbeClient(connection.connectDeviceProxy("/core/hardening_probe", ProbeProtocol));
  try {
    return await within(probe.memory(), 5_000, "Probe.Memory");
  } finally {
    probe.$close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function rssOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match === null ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

function mb(bytes: number | bigint | undefined): string {
  return bytes === undefined ? "?" : `${(Number(bytes) / 1024 / 1024).toFixed(1)} MB`;
}

async function main(): Promise<number> {
  const started = Date.now();
  const device = await startDevice();
  const killDevice = () => {
    if (device.child.exitCode === null && device.child.signalCode === null) device.child.kill("SIGKILL");
  };
  process.once("exit", killDevice);
  let deviceDied: string | undefined;
  void device.exited.then(({ code, signal }) => {
    deviceDied = signal ?? `code ${code}`;
  });
  try {
    process.stdout.write(`soak: device ${device.url}, ${SECONDS} s, a reboot every ${REBOOT_EVERY_MS / 1000} s\n`);
    const connection = await connect(device.url, { timeoutMs: 5_000 });
    const deviceAtStart = await deviceMemory(connection);
    const soak = new Soak(connection, Date.now() + SECONDS * 1000);
    const workers = [
      ...Array.from({ length: 8 }, (_, n) => echoWorker(soak, n)),
      crashWorker(soak),
      floodWorker(soak),
      callbackWorker(soak),
      rawEchoWorker(soak),
      logWorker(soak),
      rebootWorker(soak),
    ];
    const progress = setInterval(() => {
      const calls = [...report.calls.values()].reduce((a, b) => a + b, 0);
      process.stdout.write(`soak: ${Math.round((Date.now() - started) / 1000)} s, ${calls} calls, ${report.reboots} reboots, ${report.unexpected.length} unexpected\n`);
    }, 10_000);
    // Workers stop at the deadline; anything still running 30 s later is a hang.
    await within(Promise.all(workers), SECONDS * 1000 + 30_000, "the soak's workers").catch((error: unknown) => {
      report.unexpected.push(`hang: ${(error as Error).message}`);
    });
    clearInterval(progress);
    if (deviceDied !== undefined) report.unexpected.push(`the device process exited (${deviceDied}); stderr:\n${device.stderr()}`);
    let deviceAtEnd: { rss: bigint; heap_used: bigint; array_buffers: bigint } | undefined;
    try {
      await within(connection.targetWait({ timeoutMs: 10_000 }), 12_000, "targetWait");
      deviceAtEnd = await deviceMemory(connection);
    } catch (error) {
      report.unexpected.push(`final check: ${(error as Error).message}`);
    }
    await connection.close();
    gc();
    await sleep(20);
    gc();
    const host = process.memoryUsage();
    const total = [...report.calls.values()].reduce((a, b) => a + b, 0);
    const lines = [
      `soak: done in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `calls made: ${total} (${[...report.calls].map(([k, v]) => `${k} ${v}`).join(", ")})`,
      `events received: ${report.eventsReceived}; log records streamed: ${report.logRecordsStreamed}; reboots: ${report.reboots}`,
      `errors by status: ${report.errors.size === 0 ? "none" : [...report.errors].map(([k, v]) => `${k} ${v}`).join(", ")}`,
      `unexpected errors: ${report.unexpected.length}`,
      ...report.unexpected.slice(0, 20).map((message) => `  - ${message}`),
      `device memory at start: rss ${mb(deviceAtStart.rss)}, heap ${mb(deviceAtStart.heap_used)}, array buffers ${mb(deviceAtStart.array_buffers)}`,
      `device memory at end:   rss ${mb(deviceAtEnd?.rss ?? rssOf(device.child.pid))}, heap ${mb(deviceAtEnd?.heap_used)}, array buffers ${mb(deviceAtEnd?.array_buffers)} (after a full GC)`,
      `host memory at end:     rss ${mb(host.rss)}, heap ${mb(host.heapUsed)}, array buffers ${mb(host.arrayBuffers)} (after a full GC)`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return report.unexpected.length === 0 ? 0 : 1;
  } finally {
    killDevice();
    await within(device.exited, 5_000, "the device exiting").catch(() => {});
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
