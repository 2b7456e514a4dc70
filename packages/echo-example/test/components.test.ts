// The device-side components this package's config loads, exercised through the real device
// process: Echo, EchoLauncher, ffx Echo, the faulty Echo and the EchoCaller calling the host.
import { Channel, DeviceConnectError, connect } from "@fidl-ws/runtime";
import { describe, expect, it } from "vitest";
import { EchoCallerClient, EchoCallerProtocol } from "../generated/fidlws.examples.ts";
import { EchoClient as FfxEchoClient, EchoProtocol as FfxEchoProtocol } from "../generated/fuchsia.developer.ffx.ts";
import {
  EchoClient,
  EchoEventHandler,
  EchoLauncherClient,
  EchoLauncherProtocol,
  type EchoOnStringRequest,
  EchoProtocol,
} from "../generated/fuchsia.examples.ts";
import { HostEchoServer } from "../src/host/host-echo-server.ts";
import { ECHO_CALLER_MONIKER, ECHO_MONIKER, FAULTY_ECHO_MONIKER } from "../src/monikers.ts";
import { useDeviceProcess, within } from "./helpers.ts";

const device = useDeviceProcess();

class FirstEvent extends EchoEventHandler {
  received: string | undefined;
  onString(payload: EchoOnStringRequest): void {
    this.received = payload.response;
    this.$stop();
  }
}

describe("device.config.json components", () => {
  it("exposes every configured protocol at its moniker", async () => {
    await using connection = await connect(device.url);
    const targets: Array<[string, string]> = [
      [ECHO_MONIKER, "fuchsia.examples.Echo"],
      [ECHO_MONIKER, "fuchsia.examples.EchoLauncher"],
      [ECHO_MONIKER, "fuchsia.developer.ffx.Echo"],
      [FAULTY_ECHO_MONIKER, "fuchsia.examples.Echo"],
      [ECHO_CALLER_MONIKER, "fidlws.examples.EchoCaller"],
    ];
    for (const [moniker, protocol] of targets) {
      const channel = await within(connection.connectDeviceProxyChecked(moniker, protocol), 5_000, `${protocol} at ${moniker}`);
      channel.close();
    }
  });

  it("refuses a protocol a component does not expose with NO_MATCHING_CAPABILITIES", async () => {
    await using connection = await connect(device.url);
    const error = await within(connection.connectDeviceProxyChecked(ECHO_CALLER_MONIKER, "fuchsia.examples.Echo"), 5_000, "connect").catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DeviceConnectError);
    expect((error as DeviceConnectError).reason).toBe("NO_MATCHING_CAPABILITIES");
  });
});

describe("/core/echo", () => {
  it("echoes through fuchsia.developer.ffx.Echo a 255-byte string unchanged", async () => {
    await using connection = await connect(device.url);
    using ffx = new FfxEchoClient(connection.connectDeviceProxy(ECHO_MONIKER, FfxEchoProtocol));
    const value = "x".repeat(255);
    expect(await within(ffx.echoString({ value }), 5_000, "EchoString")).toEqual({ response: value });
  });

  it("sends SendString's value back as an OnString event", async () => {
    await using connection = await connect(device.url);
    using echo = new EchoClient(connection.connectDeviceProxy(ECHO_MONIKER, EchoProtocol));
    echo.sendString({ value: "event" });
    const handler = new FirstEvent(echo);
    await within(handler.serve(), 5_000, "OnString");
    expect(handler.received).toBe("event");
  });

  it("prefixes the answers and events of launched Echo servers", async () => {
    await using connection = await connect(device.url);
    using launcher = new EchoLauncherClient(connection.connectDeviceProxy(ECHO_MONIKER, EchoLauncherProtocol));
    const [client, server] = Channel.create();
    launcher.getEchoPipelined({ echo_prefix: "p> ", request: server });
    using piped = new EchoClient(client);
    piped.sendString({ value: "evt" });
    const handler = new FirstEvent(piped);
    await within(handler.serve(), 5_000, "OnString");
    expect(handler.received).toBe("p> evt");
    const { response } = await within(launcher.getEcho({ echo_prefix: "g> " }), 5_000, "GetEcho");
    using got = new EchoClient(response);
    expect(await within(got.echoString({ value: "hi" }), 5_000, "EchoString")).toEqual({ response: "g> hi" });
  });
});

describe("/core/faulty_echo", () => {
  it("fails EchoString with PEER_CLOSED but still serves SendString on a new connection", async () => {
    await using connection = await connect(device.url);
    using broken = new EchoClient(connection.connectDeviceProxy(FAULTY_ECHO_MONIKER, EchoProtocol));
    await expect(within(broken.echoString({ value: "x" }), 5_000, "EchoString")).rejects.toMatchObject({ status: -24, code: "PEER_CLOSED" });
    using echo = new EchoClient(connection.connectDeviceProxy(FAULTY_ECHO_MONIKER, EchoProtocol));
    echo.sendString({ value: "still works" });
    const handler = new FirstEvent(echo);
    await within(handler.serve(), 5_000, "OnString");
    expect(handler.received).toBe("still works");
  });
});

describe("/core/echo_caller", () => {
  it("returns what the host-served Echo answers", async () => {
    await using connection = await connect(device.url);
    using caller = new EchoCallerClient(connection.connectDeviceProxy(ECHO_CALLER_MONIKER, EchoCallerProtocol));
    const [client, server] = Channel.create();
    const host = new HostEchoServer(server);
    const serving = host.serve();
    const result = await within(caller.callEcho({ echo: client, value: "ping" }), 5_000, "CallEcho");
    expect(result.unwrap()).toEqual({ response: "ping" });
    expect(host.calls).toBe(1);
    // The component closes its client end when done, so the host's serve() ends normally.
    await within(serving, 5_000, "host serve()");
  });

  it("returns ZX_ERR_PEER_CLOSED (-24) when the host's handler throws", async () => {
    await using connection = await connect(device.url);
    using caller = new EchoCallerClient(connection.connectDeviceProxy(ECHO_CALLER_MONIKER, EchoCallerProtocol));
    const [client, server] = Channel.create();
    const serving = new HostEchoServer(server, { failing: true, onError: () => {} }).serve();
    const result = await within(caller.callEcho({ echo: client, value: "ping" }), 5_000, "CallEcho");
    expect(result.kind).toBe("err");
    expect(result.kind === "err" ? result.err : undefined).toBe(-24);
    await expect(within(serving, 5_000, "host serve()")).rejects.toThrow(TypeError);
  });
});
