// Integration tests against the REAL fake-device process (port 0): connect, identify, components,
// typed errors, handler failures, host-served callbacks, logs, listing, faults.
import {
  DeviceConnectError,
  type DeviceConnection,
  FAKE_DEVICE_MONIKER,
  type FidlError,
  ZxError,
  ZxStatus,
  connect,
  fakedevice,
} from "@fidl-ws/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as faults from "../generated/fuchsia.fakedevice.faults.ts";
import {
  type CalleePingRequest,
  CalleeServer,
  CallbackRunnerClient,
  CallbackRunnerProtocol,
  CrasherClient,
  CrasherProtocol,
} from "../generated/fuchsia.fakedevice.test.ts";
import { Channel } from "@fidl-ws/runtime";
import { type DeviceProcess, startDeviceProcess, trackDevices } from "./device-process.ts";
import { FIXTURE_CONFIG, rejectionOf, within } from "./helpers.ts";

trackDevices("all");

const CRASHER = "/core/crasher";

let device: DeviceProcess;
let connection: DeviceConnection;

beforeAll(async () => {
  device = await startDeviceProcess(["--config", FIXTURE_CONFIG, "--name", "test-device", "--quiet"]);
  connection = await within(connect(device.url), 5_000, "connect");
});

afterAll(async () => {
  await connection?.close();
});

function crasher(): CrasherClient {
  return new CrasherClient(connection.connectDeviceProxy(CRASHER, CrasherProtocol));
}

/** Log records matching `filter`, from a snapshot. */
async function snapshot(options: { moniker?: string; minSeverity?: "ERROR" | "INFO" | "WARN" } = {}) {
  const records: fakedevice.LogRecord[] = [];
  for await (const record of connection.logs({ ...options, mode: "snapshot" })) records.push(record);
  return records;
}

describe("fake-device process", () => {
  it("prints its ws:// address first and identifies itself with its node name", async () => {
    expect(device.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const identity = await within(connection.identify(), 2_000, "identify");
    expect(identity.nodename).toBe("test-device");
    expect(identity.boot_id).toBe(1n);
    expect(identity.version).toBe("fake-device 0.1.0");
    expect(identity.serial_number).toMatch(/^FAKE-[0-9A-F]{12}$/);
    expect(identity.addresses).toEqual([`127.0.0.1:${device.port}`]);
  });

  it("echoes through RemoteControl.EchoString", async () => {
    const answer = await within(connection.remoteControl().echoString({ value: "ping" }), 2_000, "EchoString");
    expect(answer).toEqual({ response: "ping" });
  });

  it("connects to a component by moniker and capability name", async () => {
    const client = crasher();
    expect(await within(client.echo({ value: "hello" }), 2_000, "Echo")).toEqual({ value: "hello" });
    client.$close();
  });

  it("rejects a missing moniker with a typed NO_MATCHING_COMPONENT error naming it", async () => {
    const error = await rejectionOf(connection.connectDeviceProxyChecked("/core/nope", CrasherProtocol), 2_000, "connect");
    expect(error).toBeInstanceOf(DeviceConnectError);
    const typed = error as DeviceConnectError;
    expect(typed.reason).toBe("NO_MATCHING_COMPONENT");
    expect(typed.status).toBe(ZxStatus.NOT_FOUND);
    expect(typed.message).toBe(
      "[ZX_ERR_NOT_FOUND] cannot connect to fuchsia.fakedevice.test.Crasher at /core/nope: NO_MATCHING_COMPONENT",
    );
  });

  it("rejects an unknown capability with NO_MATCHING_CAPABILITIES", async () => {
    const error = (await rejectionOf(connection.connectDeviceProxyChecked(CRASHER, "fuchsia.examples.Nope"), 2_000, "connect")) as DeviceConnectError;
    expect(error.reason).toBe("NO_MATCHING_CAPABILITIES");
    expect(error.status).toBe(ZxStatus.NOT_FOUND);
  });

  it("rejects a malformed moniker with INVALID_MONIKER", async () => {
    const error = (await rejectionOf(connection.connectDeviceProxyChecked("/core//x", CrasherProtocol), 2_000, "connect")) as DeviceConnectError;
    expect(error.reason).toBe("INVALID_MONIKER");
    expect(error.status).toBe(ZxStatus.INVALID_ARGS);
  });

  it("closes a pipelined proxy to a missing component with a NOT_FOUND epitaph", async () => {
    const client = new CrasherClient(connection.connectDeviceProxy("/core/nope", CrasherProtocol));
    const error = await rejectionOf(client.echo({ value: "x" }), 2_000, "Echo");
    expect(ZxError.is(error, ZxStatus.NOT_FOUND)).toBe(true);
  });

  it("reports components that failed to start: UNAVAILABLE on connect, ERROR records with stacks", async () => {
    for (const moniker of ["/core/bad_start", "/core/broken"]) {
      const error = (await rejectionOf(connection.connectDeviceProxyChecked(moniker, CrasherProtocol), 2_000, moniker)) as DeviceConnectError;
      expect(error.reason).toBe("CAPABILITY_CONNECT_FAILED");
      expect(error.status).toBe(ZxStatus.UNAVAILABLE);
    }
    const badStart = await snapshot({ moniker: "/core/bad_start", minSeverity: "ERROR" });
    expect(badStart[0]?.message).toBe("component failed to start: bad_start refuses to start");
    expect(badStart[0]?.stack).toContain("components.ts");
    const broken = await snapshot({ moniker: "/core/broken", minSeverity: "ERROR" });
    expect(broken[0]?.message).toContain("broken-module exploded while loading");
    expect(broken[0]?.stack).toContain("broken-module.ts");
  });

  it("closes the channel when a handler throws, logs protocol, method and stack, and keeps serving", async () => {
    const bystander = crasher();
    const victim = crasher();
    const error = await rejectionOf(victim.crash({ message: "boom" }), 2_000, "Crash");
    expect(ZxError.is(error, ZxStatus.PEER_CLOSED)).toBe(true);
    expect((error as FidlError).code).toBe("PEER_CLOSED");
    const records = await snapshot({ moniker: CRASHER, minSeverity: "ERROR" });
    const record = records.find((r) => r.message.includes("boom"));
    expect(record?.message).toBe("fuchsia.fakedevice.test.Crasher.Crash handler failed: boom");
    expect(record?.severity).toBe(fakedevice.Severity.ERROR);
    expect(record?.stack).toMatch(/^Error: boom\n\s+at CrasherImpl\.crash .*components\.ts/);
    // The device survives: the other connection and new ones keep working.
    expect(await within(bystander.echo({ value: "still here" }), 2_000, "Echo")).toEqual({ value: "still here" });
    expect(await within(crasher().echo({ value: "new" }), 2_000, "Echo")).toEqual({ value: "new" });
  });

  it("lets a device component call a server on the host", async () => {
    class Callee extends CalleeServer {
      ping(request: CalleePingRequest) {
        return { value: `host saw ${request.value}` };
      }
    }
    const [client, server] = Channel.create();
    const served = new Callee(server).serve();
    const runner = new CallbackRunnerClient(connection.connectDeviceProxy("/core/callback_runner", CallbackRunnerProtocol));
    const result = await within(runner.run({ callee: client, value: "hi" }), 3_000, "Run");
    expect(result.unwrap()).toEqual({ value: "host saw hi" });
    runner.$close();
    await within(served, 2_000, "Callee serve()");
  });

  it("shows the device component PEER_CLOSED when the host handler throws, and logs it there", async () => {
    class Callee extends CalleeServer {
      ping(): never {
        throw new Error("host handler failed on purpose");
      }
    }
    const [client, server] = Channel.create();
    const served = new Callee(server, { onError: () => {} }).serve();
    const runner = new CallbackRunnerClient(connection.connectDeviceProxy("/core/callback_runner", CallbackRunnerProtocol));
    const result = await within(runner.run({ callee: client, value: "hi" }), 3_000, "Run");
    expect(result.kind).toBe("err");
    expect(result.err).toBe(ZxStatus.PEER_CLOSED);
    expect((await rejectionOf(served, 2_000, "Callee serve()")) as Error).toHaveProperty("message", "host handler failed on purpose");
    const records = await snapshot({ moniker: "/core/callback_runner", minSeverity: "ERROR" });
    expect(records.at(-1)?.message).toBe(
      "Callee.Ping on the host failed: [ZX_ERR_PEER_CLOSED] fuchsia.fakedevice.test/Callee.Ping: channel closed by peer",
    );
    runner.$close();
  });

  it("lists components with their protocols and states", async () => {
    const explorer = new fakedevice.RealmExplorerClient(connection.connectDeviceProxy(FAKE_DEVICE_MONIKER, fakedevice.RealmExplorerProtocol));
    const { components } = await within(explorer.listComponents(), 2_000, "ListComponents");
    const byMoniker = new Map(components.map((c) => [c.moniker, c]));
    expect(byMoniker.get(CRASHER)).toEqual({
      moniker: CRASHER,
      protocols: ["fuchsia.fakedevice.test.Crasher"],
      state: fakedevice.ComponentState.RUNNING,
      error: null,
    });
    expect(byMoniker.get("/core/bad_start")?.state).toBe(fakedevice.ComponentState.FAILED);
    expect(byMoniker.get("/bootstrap/archivist")?.protocols).toEqual(["fuchsia.fakedevice.Log"]);
    expect(byMoniker.get("/bootstrap/shutdown_shim")?.protocols).toEqual(["fuchsia.hardware.power.statecontrol.Admin"]);
    explorer.$close();
  });

  it("streams new log records to a subscriber, filtered by moniker and since", async () => {
    const abort = new AbortController();
    await new Promise((resolve) => setTimeout(resolve, 2));
    const since = new Date();
    await new Promise((resolve) => setTimeout(resolve, 2));
    const seen: string[] = [];
    const reading = (async () => {
      for await (const record of connection.logs({ moniker: "/", since, signal: abort.signal })) {
        seen.push(record.message);
        if (seen.length === 2) abort.abort();
      }
    })();
    // Two refused connections write two INFO records under "/".
    await rejectionOf(connection.connectDeviceProxyChecked("/core/first", CrasherProtocol), 2_000, "first");
    await rejectionOf(connection.connectDeviceProxyChecked("/core/second", CrasherProtocol), 2_000, "second");
    await within(reading, 3_000, "log stream");
    expect(seen).toEqual([
      "ConnectCapability(/core/first, fuchsia.fakedevice.test.Crasher) refused: no component at /core/first",
      "ConnectCapability(/core/second, fuchsia.fakedevice.test.Crasher) refused: no component at /core/second",
    ]);
  });
});

describe("fault injection", () => {
  let control: faults.FaultsClient;
  beforeAll(() => {
    control = new faults.FaultsClient(connection.connectDeviceProxy(FAKE_DEVICE_MONIKER, faults.FaultsProtocol));
  });
  afterAll(async () => {
    await control.clear({ id: 0 });
    control.$close();
  });

  it("delays a protocol's responses", async () => {
    const { id } = (await within(control.inject({ spec: { protocol: CrasherProtocol.discoverableName, delay_ms: 150 } }), 2_000, "Inject")).unwrap();
    const client = crasher();
    await control.clear({ id });
    const started = performance.now();
    expect(await within(client.echo({ value: "slow" }), 2_000, "Echo")).toEqual({ value: "slow" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    client.$close();
  });

  it("closes the next channel of a protocol with the chosen epitaph", async () => {
    (await control.inject({ spec: { protocol: CrasherProtocol.discoverableName, epitaph: ZxStatus.ACCESS_DENIED, count: 1 } })).unwrap();
    const error = await rejectionOf(crasher().echo({ value: "x" }), 2_000, "Echo");
    expect(ZxError.is(error, ZxStatus.ACCESS_DENIED)).toBe(true);
    expect(await within(crasher().echo({ value: "after" }), 2_000, "Echo")).toEqual({ value: "after" });
  });

  it("makes a handler fail like a throw: PEER_CLOSED and an ERROR record with a stack", async () => {
    (await control.inject({ spec: { protocol: CrasherProtocol.discoverableName, throw_message: "injected", count: 1 } })).unwrap();
    const error = await rejectionOf(crasher().echo({ value: "x" }), 2_000, "Echo");
    expect(ZxError.is(error, ZxStatus.PEER_CLOSED)).toBe(true);
    const records = await snapshot({ moniker: CRASHER, minSeverity: "ERROR" });
    expect(records.at(-1)?.message).toBe("fuchsia.fakedevice.test.Crasher.Echo handler failed: injected fault: injected");
    expect(records.at(-1)?.stack).toContain("Error: injected fault: injected");
  });

  it("refuses a fault with no effect with INVALID_ARGS", async () => {
    const result = await within(control.inject({ spec: { protocol: CrasherProtocol.discoverableName } }), 2_000, "Inject");
    expect(result.err).toBe(ZxStatus.INVALID_ARGS);
  });
});

describe("a connection dropped by a fault", () => {
  it("closes every channel of that connection and lets the host reconnect", async () => {
    const own = await within(connect(device.url), 2_000, "connect");
    const control = new faults.FaultsClient(own.connectDeviceProxy(FAKE_DEVICE_MONIKER, faults.FaultsProtocol));
    (await control.inject({ spec: { protocol: CrasherProtocol.discoverableName, drop_connection: true, count: 1 } })).unwrap();
    const other = new CrasherClient(own.connectDeviceProxy(CRASHER, CrasherProtocol));
    const pending = other.hang();
    const victim = new CrasherClient(own.connectDeviceProxy(CRASHER, CrasherProtocol));
    // Both channels were connected after the fault was injected, so both are interposed: the
    // first request (Hang) drops the whole connection, and every channel on it closes.
    expect(ZxError.is(await rejectionOf(pending, 2_000, "Hang"), ZxStatus.PEER_CLOSED)).toBe(true);
    expect(ZxError.is(await rejectionOf(victim.echo({ value: "x" }), 2_000, "Echo"), ZxStatus.PEER_CLOSED)).toBe(true);
    await within(own.closed, 2_000, "closed");
    await within(own.targetWait({ timeoutMs: 3_000 }), 4_000, "targetWait");
    expect((await own.identify()).nodename).toBe("test-device");
    await own.close();
  });
});
