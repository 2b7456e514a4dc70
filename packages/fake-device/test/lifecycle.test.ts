// Integration tests of the device process's lifecycle and edges: reboot, token and Origin
// refusals, --trace, --incremental-marking, SIGTERM, and kill -9 under 1,000 pending calls.
import { SHUTDOWN_SHIM_MONIKER, ZxError, ZxStatus, connect, statecontrol } from "@fidl-ws/runtime";
import { describe, expect, it } from "vitest";
import { CrasherClient, CrasherProtocol } from "../generated/fuchsia.fakedevice.test.ts";
import { startDeviceProcess, trackDevices } from "./device-process.ts";
import { FIXTURE_CONFIG, rejectionOf, upgradeStatus, within } from "./helpers.ts";

trackDevices("each");

describe("reboot", () => {
  it("fails every pending call with PEER_CLOSED, refuses connections with 503, and comes back", async () => {
    const device = await startDeviceProcess(["--config", FIXTURE_CONFIG, "--reboot-delay-ms", "400", "--quiet"]);
    const connection = await within(connect(device.url), 3_000, "connect");
    const crasher = new CrasherClient(connection.connectDeviceProxy("/core/crasher", CrasherProtocol));
    await within(crasher.echo({ value: "up" }), 2_000, "Echo");
    // allSettled at once, so no rejection is ever unhandled while the test awaits other things.
    const pending = Promise.allSettled(Array.from({ length: 20 }, () => crasher.hang()));
    const admin = new statecontrol.AdminClient(connection.connectDeviceProxy(SHUTDOWN_SHIM_MONIKER, statecontrol.AdminProtocol));
    const reply = await within(admin.reboot({ reason: statecontrol.RebootReason.USER_REQUEST }), 2_000, "Reboot");
    expect(reply.kind).toBe("response");
    const outcomes = await within(pending, 2_000, "pending calls");
    expect(outcomes.map((o) => o.status === "rejected" && ZxError.is(o.reason, ZxStatus.PEER_CLOSED))).toEqual(Array(20).fill(true));
    await within(connection.targetWait({ offline: true, timeoutMs: 2_000 }), 3_000, "targetWait offline");
    expect(connection.isConnected).toBe(false);
    // While rebooting, the device answers upgrades with 503.
    expect(await upgradeStatus(device.url, {})).toBe(503);
    await within(connection.targetWait({ timeoutMs: 5_000 }), 6_000, "targetWait");
    const identity = await within(connection.identify(), 2_000, "identify");
    expect(identity.boot_id).toBe(2n);
    const again = new CrasherClient(connection.connectDeviceProxy("/core/crasher", CrasherProtocol));
    expect(await within(again.echo({ value: "back" }), 2_000, "Echo")).toEqual({ value: "back" });
    await connection.close();
  });
});

describe("security", () => {
  it("refuses connections without the token (401) and accepts it as a header or ?token=", async () => {
    const device = await startDeviceProcess(["--token", "s3cret", "--quiet"]);
    const missing = await rejectionOf(connect(device.url), 3_000, "connect without token");
    expect(ZxError.is(missing, ZxStatus.ACCESS_DENIED)).toBe(true);
    const wrong = await rejectionOf(connect(device.url, { token: "nope" }), 3_000, "connect with a wrong token");
    expect(ZxError.is(wrong, ZxStatus.ACCESS_DENIED)).toBe(true);
    expect(await upgradeStatus(device.url, {})).toBe(401);
    expect(await upgradeStatus(`${device.url}/?token=s3cret`, {})).toBe(101);
    const connection = await within(connect(device.url, { token: "s3cret" }), 3_000, "connect with token");
    expect((await connection.identify()).nodename).toBe("fuchsia-fake-device");
    await connection.close();
  });

  it("refuses a browser Origin unless it is allowed (403)", async () => {
    const device = await startDeviceProcess(["--allow-origin", "http://good.example", "--quiet"]);
    expect(await upgradeStatus(device.url, { Origin: "http://evil.example" })).toBe(403);
    expect(await upgradeStatus(device.url, { Origin: "http://good.example" })).toBe(101);
    expect(await upgradeStatus(device.url, {})).toBe(101);
  });
});

describe("--trace", () => {
  it("prints each FIDL message with protocol, method, direction, txid and size", async () => {
    const device = await startDeviceProcess(["--config", FIXTURE_CONFIG, "--trace", "--quiet"]);
    const connection = await within(connect(device.url), 3_000, "connect");
    const crasher = new CrasherClient(connection.connectDeviceProxy("/core/crasher", CrasherProtocol));
    await within(crasher.echo({ value: "traced" }), 2_000, "Echo");
    const stderr = await device.waitForStderr(/out ch=\d+ fuchsia\.fakedevice\.test\/Crasher\.Echo/);
    expect(stderr).toMatch(
      /^trace conn=1 in {2}ch=0 fuchsia\.developer\.remotecontrol\/RemoteControl\.ConnectCapability two-way flexible txid=1 bytes=\d+ handles=1$/m,
    );
    expect(stderr).toMatch(/^trace conn=1 in {2}ch=\d+ fuchsia\.fakedevice\.test\/Crasher\.Echo two-way txid=1 bytes=32 handles=0$/m);
    expect(stderr).toMatch(/^trace conn=1 out ch=\d+ fuchsia\.fakedevice\.test\/Crasher\.Echo two-way txid=1 bytes=32 handles=0$/m);
    await connection.close();
  });
});

describe("--incremental-marking", () => {
  it("is accepted: the device keeps V8's default collector and serves as usual", async () => {
    const device = await startDeviceProcess(["--config", FIXTURE_CONFIG, "--incremental-marking", "--quiet"]);
    const connection = await within(connect(device.url), 3_000, "connect");
    const crasher = new CrasherClient(connection.connectDeviceProxy("/core/crasher", CrasherProtocol));
    expect(await within(crasher.echo({ value: "collected" }), 2_000, "Echo")).toEqual({ value: "collected" });
    await connection.close();
  });
});

describe("process lifetime", () => {
  it("exits 0 on SIGTERM after closing its connections", async () => {
    const device = await startDeviceProcess(["--quiet"]);
    const connection = await within(connect(device.url), 3_000, "connect");
    device.child.kill("SIGTERM");
    expect(await within(device.exited, 3_000, "exit")).toEqual({ code: 0, signal: null });
    const reason = await within(connection.closed, 3_000, "connection.closed");
    expect(reason).toBeInstanceOf(ZxError);
    await connection.close();
  });

  it("fails all 1,000 pending calls with PEER_CLOSED when the device is killed with SIGKILL", async () => {
    const device = await startDeviceProcess(["--config", FIXTURE_CONFIG, "--quiet"]);
    const connection = await within(connect(device.url), 3_000, "connect");
    const crasher = new CrasherClient(connection.connectDeviceProxy("/core/crasher", CrasherProtocol));
    await within(crasher.echo({ value: "up" }), 2_000, "Echo");
    let settled = 0;
    const pending = Promise.allSettled(
      Array.from({ length: 1_000 }, () =>
        crasher.hang().finally(() => {
          settled++;
        }),
      ),
    );
    // A second channel with a read pending, to show raw channels see PEER_CLOSED too.
    const raw = connection.connectDeviceProxy("/core/crasher", CrasherProtocol);
    const read = raw.read().then(
      () => new Error("read resolved"),
      (error: unknown) => error,
    );
    await device.kill("SIGKILL");
    const outcomes = await within(pending, 5_000, "1,000 pending calls");
    expect(settled).toBe(1_000);
    const peerClosed = outcomes.filter((o) => o.status === "rejected" && ZxError.is(o.reason, ZxStatus.PEER_CLOSED)).length;
    expect(peerClosed).toBe(1_000);
    expect(ZxError.is(await within(read, 2_000, "raw read"), ZxStatus.PEER_CLOSED)).toBe(true);
    await within(connection.closed, 2_000, "connection.closed");
    expect(connection.isConnected).toBe(false);
    const offline = await rejectionOf(connection.targetWait({ timeoutMs: 300 }), 2_000, "targetWait on a dead device");
    expect(ZxError.is(offline, ZxStatus.TIMED_OUT)).toBe(true);
    raw.close();
    await connection.close();
  });
});

