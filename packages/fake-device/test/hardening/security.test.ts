// Local security of the REAL device process: where it listens, when it warns, browser Origins,
// tokens. (Cross-connection handle use is in limits.test.ts; the constant-time compare in
// token-compare.test.ts.)
//
// Decision on "loopback": the device does not warn for 127.0.0.0/8 (every address in it is
// loopback, RFC 1122), `::1` and `localhost` — no other machine can reach those. Anything else
// without a token warns, including host *names* that merely start with "127.".
import { readFileSync } from "node:fs";
import { connect, ZxError, ZxStatus } from "@fidl-ws/runtime";
import { describe, expect, it } from "vitest";
import { FakeDevice } from "../../src/device.ts";
import { isLoopbackHost } from "../../src/security.ts";
import { startDeviceProcess, trackDevices } from "../device-process.ts";
import { rejectionOf, upgradeStatus, within } from "../helpers.ts";
import { logSnapshot } from "./support.ts";

trackDevices("each");

/** Local addresses listening on `port`, from /proc/net/tcp{,6} (what `ss -ltn` shows). */
function listenersOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const found: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue; // no IPv6 in this kernel
    }
    for (const line of text.split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== "0A" || local === undefined || !local.endsWith(`:${hexPort}`)) continue; // 0A = LISTEN
      found.push(decodeAddress(local.slice(0, -5)));
    }
  }
  return found;
}

/** /proc/net/tcp's little-endian hex address → dotted quad (IPv6 left as hex). */
function decodeAddress(hex: string): string {
  if (hex.length !== 8) return hex;
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(".");
}

describe("listening address", () => {
  it("binds 127.0.0.1 only, by default", async () => {
    const device = await startDeviceProcess(["--quiet"]);
    expect(device.url).toBe(`ws://127.0.0.1:${device.port}`);
    expect(listenersOn(device.port)).toEqual(["127.0.0.1"]);
    expect(device.stderr()).not.toContain("warning");
  });

  it("binds another loopback address when told, without a warning", async () => {
    const device = await startDeviceProcess(["--host", "127.0.0.2", "--quiet"]);
    expect(device.url).toBe(`ws://127.0.0.2:${device.port}`);
    expect(listenersOn(device.port)).toEqual(["127.0.0.2"]);
    const connection = await within(connect(device.url), 3_000, "connect");
    expect((await within(connection.identify(), 2_000, "identify")).addresses).toEqual([`127.0.0.2:${device.port}`]);
    await connection.close();
    expect(device.stderr()).not.toContain("warning");
  });
});

describe("the warning for a non-loopback address without a token", () => {
  /** The warnings `listen()` gives for `host`; port -1 makes it fail before anything is bound. */
  async function warningsFor(host: string, token?: string): Promise<string[]> {
    const warnings: string[] = [];
    const device = new FakeDevice({ host, port: -1, onWarning: (message) => warnings.push(message), ...(token === undefined ? {} : { token }) });
    const error = await rejectionOf(device.listen(), 3_000, "listen on port -1");
    expect((error as NodeJS.ErrnoException).code).toBe("ERR_SOCKET_BAD_PORT");
    await device.close();
    return warnings;
  }

  it("warns for a non-loopback address or name without a token, never for loopback", async () => {
    expect(await warningsFor("203.0.113.7")).toEqual([
      "listening on 203.0.113.7 without a token: anyone who can reach this address can control the device",
    ]);
    expect(await warningsFor("0.0.0.0")).toHaveLength(1);
    expect(await warningsFor("127.example.com")).toHaveLength(1);
    expect(await warningsFor("203.0.113.7", "s3cret")).toEqual([]);
    for (const host of ["127.0.0.1", "127.0.0.2", "::1", "localhost"]) expect(await warningsFor(host)).toEqual([]);
  });

  it("treats only loopback literals and localhost as loopback", () => {
    expect(["127.0.0.1", "127.255.0.9", "::1", "localhost"].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(["127.example.com", "127.0.0.1.nip.io", "0.0.0.0", "::", "192.0.2.2", "1270.0.0.1"].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("browser Origins", () => {
  it("refuses an Origin by default with 403 and logs it", async () => {
    const device = await startDeviceProcess(["--quiet"]);
    expect(await upgradeStatus(device.url, { Origin: "http://evil.example" })).toBe(403);
    expect(await upgradeStatus(device.url)).toBe(101);
    const connection = await within(connect(device.url), 3_000, "connect");
    const warnings = (await logSnapshot(connection, { moniker: "/", minSeverity: "WARN" })).map((r) => r.message);
    expect(warnings).toEqual(["refused a connection from 127.0.0.1: origin http://evil.example is not allowed"]);
    await connection.close();
  });
});

describe("tokens", () => {
  it("refuses a missing, wrong or wrong-length token with 401 and accepts the right one", async () => {
    const device = await startDeviceProcess(["--token", "correct-horse", "--quiet"]);
    expect(await upgradeStatus(device.url)).toBe(401);
    expect(await upgradeStatus(device.url, { authorization: "Bearer correct-horsf" })).toBe(401);
    expect(await upgradeStatus(device.url, { authorization: "Bearer correct" })).toBe(401);
    expect(await upgradeStatus(device.url, { authorization: "Bearer correct-horse-battery" })).toBe(401);
    expect(await upgradeStatus(`${device.url}/?token=wrong`)).toBe(401);
    const denied = await rejectionOf(connect(device.url, { token: "correct-horsf" }), 3_000, "connect with a wrong token");
    expect(ZxError.is(denied, ZxStatus.ACCESS_DENIED)).toBe(true);
    expect(await upgradeStatus(device.url, { authorization: "Bearer correct-horse" })).toBe(101);
    const connection = await within(connect(device.url, { token: "correct-horse" }), 3_000, "connect");
    const warnings = (await logSnapshot(connection, { moniker: "/", minSeverity: "WARN" })).map((r) => r.message.replace(/^refused a connection from 127\.0\.0\.1: /, ""));
    expect(warnings).toEqual(["a token is required", ...Array(5).fill("the token is wrong")]);
    await connection.close();
  });
});
