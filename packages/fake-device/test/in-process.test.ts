// The programmatic API: startFakeDevice with inline components, and config parsing errors.
import { ZxError, ZxStatus, connect } from "@fidl-ws/runtime";
import { describe, expect, it } from "vitest";
import { CrasherClient, CrasherProtocol, CrasherServer } from "../generated/fuchsia.fakedevice.test.ts";
import { FakeDevice, defineComponent, startFakeDevice } from "../src/index.ts";
import { parseConfig } from "../src/config.ts";
import { rejectionOf, within } from "./helpers.ts";

describe("startFakeDevice", () => {
  it("serves inline components and stops cleanly", async () => {
    class Echo extends CrasherServer {
      echo(request: { value: string }) {
        return { value: request.value.toUpperCase() };
      }
      crash(): void {}
      hang(): Promise<void> {
        return new Promise(() => {});
      }
    }
    const started: string[] = [];
    const running = await startFakeDevice({
      name: "inline",
      components: [
        defineComponent({
          moniker: "core/inline",
          protocols: { [CrasherProtocol.discoverableName]: (channel, context) => new Echo(channel, context.serverOptions).serve() },
          start(context) {
            started.push(context.moniker);
          },
        }),
      ],
    });
    expect(started).toEqual(["/core/inline"]);
    expect(running.url).toBe(`ws://127.0.0.1:${running.port}`);
    const connection = await within(connect(running.url), 3_000, "connect");
    const client = new CrasherClient(connection.connectDeviceProxy("/core/inline", CrasherProtocol));
    expect(await within(client.echo({ value: "abc" }), 2_000, "Echo")).toEqual({ value: "ABC" });
    const pending = client.hang();
    await running.close();
    expect(ZxError.is(await rejectionOf(pending, 2_000, "Hang"), ZxStatus.PEER_CLOSED)).toBe(true);
    await within(connection.closed, 2_000, "connection.closed");
    await connection.close();
  });

  it("rejects two components with one moniker", async () => {
    const component = defineComponent({ moniker: "/core/twice", protocols: {} });
    await expect(startFakeDevice({ components: [component, component] })).rejects.toThrow("two components have the moniker /core/twice");
  });
});

describe("parseConfig", () => {
  it("names the bad field", () => {
    expect(() => parseConfig({ components: [{ moniker: "/core/x", module: "./x.ts" }] }, "/tmp", "device.json")).toThrow(
      /^device\.json: components\.0\.protocols: /,
    );
    expect(() => parseConfig({ components: [], extra: 1 }, "/tmp", "device.json")).toThrow(/^device\.json: /);
  });

  it("resolves modules relative to the config file and keeps faults", () => {
    const config = parseConfig(
      {
        components: [{ moniker: "/core/x", module: "./x.ts", protocols: ["a.B"] }],
        faults: [{ protocol: "a.B", delayMs: 10 }],
        rebootDelayMs: 50,
      },
      "/etc/device",
    );
    expect(config.components.map((c) => [c.moniker, c.protocols])).toEqual([["/core/x", ["a.B"]]]);
    expect(config.faults).toEqual([{ protocol: "a.B", delayMs: 10 }]);
    expect(config.rebootDelayMs).toBe(50);
  });
});

describe("device lifecycle edges", () => {
  it("boots without a component whose start never finishes, and logs it as failed", async () => {
    const running = await within(
      startFakeDevice({
        componentStartTimeoutMs: 150,
        components: [defineComponent({ moniker: "core/stuck", protocols: {}, start: () => new Promise<void>(() => {}) })],
      }),
      5_000,
      "startFakeDevice",
    );
    try {
      expect(running.device.state).toBe("running");
      const { records } = running.device.log.read(running.device.log.firstId, { moniker: "/core/stuck" }, 100);
      expect(records.map((r) => r.message)).toContain("component failed to start: did not finish starting within 150 ms");
    } finally {
      await running.close();
    }
  });

  it("cancels a delay fault's pending timers when the host side goes, leaving nothing to hold the process", async () => {
    class Echo extends CrasherServer {
      echo(request: { value: string }) {
        return { value: request.value };
      }
      crash(): void {}
      hang(): Promise<void> {
        return new Promise(() => {});
      }
    }
    const running = await startFakeDevice({
      faults: [{ protocol: CrasherProtocol.discoverableName, delayMs: 60_000 }],
      components: [
        defineComponent({
          moniker: "core/slow",
          protocols: { [CrasherProtocol.discoverableName]: (channel, context) => new Echo(channel, context.serverOptions).serve() },
        }),
      ],
    });
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
    const connection = await within(connect(running.url), 3_000, "connect");
    const before = timers();
    const client = new CrasherClient(connection.connectDeviceProxy("/core/slow", CrasherProtocol));
    const pending = client.echo({ value: "held back for a minute" });
    const deadline = Date.now() + 2_000;
    while (timers() === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(timers()).toBe(before + 1); // the reply waits in the interposer
    await running.close();
    expect(ZxError.is(await rejectionOf(pending, 2_000, "Echo"), ZxStatus.PEER_CLOSED)).toBe(true);
    await connection.close();
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it("settles a reboot that is under way when the device closes", async () => {
    const running = await startFakeDevice({ rebootDelayMs: 60_000 });
    const rebooting = running.device.reboot();
    expect(running.device.reboot()).toBe(rebooting);
    await running.close();
    await within(rebooting, 2_000, "the reboot");
  });

  it("does not start listening when closed while its components start", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const device = new FakeDevice({ components: [defineComponent({ moniker: "core/slow", protocols: {}, start: () => gate })] });
    const listening = device.listen();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await device.close();
    release();
    const error = await rejectionOf(listening, 2_000, "listen()");
    expect(error).toBeInstanceOf(ZxError);
    expect((error as ZxError).status).toBe(ZxStatus.BAD_STATE);
    expect(device.state).toBe("closed");
  });

  it("refuses an empty token", () => {
    expect(() => new FakeDevice({ token: "" })).toThrowError("[ZX_ERR_INVALID_ARGS] the token must not be empty");
  });
});
