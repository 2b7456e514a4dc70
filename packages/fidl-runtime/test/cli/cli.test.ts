// The fidl-ws CLI as a child process against the real fake-device process (started with
// `fidl-ws device` from a project that has @fidl-ws/fake-device installed).
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../src/context/device-connection.ts";
import { type LongRunning, runCli, startCli } from "./cli-process.ts";

const CONFIG = fileURLToPath(new URL("./fixtures/device.json", import.meta.url));
const FIDL = fileURLToPath(new URL("./fixtures/calculator.fidl", import.meta.url));
// A workspace package that depends on @fidl-ws/fake-device, as a user's project would.
const PROJECT = fileURLToPath(new URL("../../../echo-example/", import.meta.url));
const CALC = ["/core/calculator", "test.cli.Calculator"] as const;

let device: LongRunning;
let url: string;

beforeAll(async () => {
  device = startCli(["device", "--port", "0", "--config", CONFIG, "--quiet"], { cwd: PROJECT });
  url = (await device.waitFor(/^ws:\/\/\S+\n/)).split("\n")[0]!;
}, 15_000);

afterAll(async () => {
  await device?.stop();
});

describe("fidl-ws device", () => {
  it("starts the fake device from the project and stops it with a forwarded SIGTERM", () => {
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  it("says how to install the device package when the project lacks it", async () => {
    // NODE_PATH cleared: pnpm's bin shims set it, which would make any package resolvable.
    const run = await runCli(["device", "--port", "0"], { cwd: tmpdir(), env: { NODE_PATH: "" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`fidl-ws device: cannot find @fidl-ws/fake-device from ${tmpdir()}`);
    expect(run.stderr).toContain("pnpm add -D @fidl-ws/fake-device");
  });
});

describe("fidl-ws info", () => {
  it("identifies the device and lists components with their protocols", async () => {
    const run = await runCli(["info", url]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("nodename  fuchsia-fake-device");
    expect(run.stdout).toMatch(/ {2}\/core\/calculator\n {4}test\.cli\.Calculator\n/);
    expect(run.stdout).toMatch(/ {2}\/bootstrap\/archivist\n {4}fuchsia\.fakedevice\.Log\n/);
  });
});

describe("fidl-ws call", () => {
  it("prints the response as JSON with int64 values as exact strings", async () => {
    const run = await runCli(["call", url, ...CALC, "Divide", '{"dividend": "9007199254740993", "divisor": 1}', "--fidl", FIDL]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ quotient: "9007199254740993" });
  });

  it("prints a domain error as {err} and names it on stderr, exit code 1", async () => {
    const run = await runCli(["call", url, ...CALC, "divide", '{"dividend": "1", "divisor": "0"}', "--fidl", FIDL]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ err: 1 });
    expect(run.stderr).toBe("fidl-ws call: test.cli/Calculator.Divide returned a domain error: DIVIDE_BY_ZERO (1)\n");
  });

  it("fails with NOT_FOUND naming a moniker that has no component", async () => {
    const run = await runCli(["call", url, "/core/nope", "test.cli.Calculator", "Divide", '{"dividend": 1, "divisor": 1}', "--fidl", FIDL]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "fidl-ws call: [ZX_ERR_NOT_FOUND] cannot connect to test.cli.Calculator at /core/nope: NO_MATCHING_COMPONENT\nstatus: ZX_ERR_NOT_FOUND (-25)\n",
    );
  });

  it("shows PEER_CLOSED and the device's log record (message and stack) when the handler throws", async () => {
    const run = await runCli(["call", url, ...CALC, "Explode", '{"message": "kaboom 7"}', "--fidl", FIDL]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("fidl-ws call: the channel was closed by the device; its log for /core/calculator says:");
    expect(run.stderr).toMatch(/ERROR \/core\/calculator: .*Explode.*kaboom 7/);
    expect(run.stderr).toMatch(/\n {4}Error: kaboom 7\n {8}at /);
    expect(run.stderr).toContain("[ZX_ERR_PEER_CLOSED] test.cli/Calculator.Explode: channel closed by peer\nstatus: ZX_ERR_PEER_CLOSED (-24)\n");
  });

  it("rejects JSON that does not parse, exit code 2", async () => {
    const run = await runCli(["call", url, ...CALC, "Divide", '{"dividend": 1, divisor: 2}', "--fidl", FIDL]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^fidl-ws call: '<json>' is not valid JSON: .*position 16\n/);
  });

  it("rejects JSON whose field does not fit the request, naming the field path", async () => {
    const run = await runCli(["call", url, ...CALC, "Divide", '{"dividend": "1", "divisor": "two"}', "--fidl", FIDL]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "fidl-ws call: '<json>' does not fit test.cli/Calculator.Divide: request.divisor: invalid_type (expected int64 (a bigint))\n" +
        'Run "fidl-ws call --help" for usage.\n',
    );
  });
});

describe("fidl-ws watch", () => {
  it("prints the event a component sends on a new connection", async () => {
    const run = await runCli(["watch", url, ...CALC, "--fidl", FIDL, "--count", "1"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ event: "OnReady", payload: { greeting: "hello from /core/calculator" } });
  });
});

describe("fidl-ws logs", () => {
  it("prints only the records of one moniker at or above a severity", async () => {
    // The Explode test above left an ERROR record; the component's start left an INFO one.
    const run = await runCli(["logs", url, "--moniker", "/core/calculator", "--severity", "error"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n").filter((line) => /^\d{4}-/.test(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\S+ ERROR \/core\/calculator: /);
    expect(run.stdout).not.toContain("calculator ready");
  });

  it("prints INFO records when the severity allows them", async () => {
    const run = await runCli(["logs", url, "--moniker", "/core/calculator", "--json"]);
    expect(run.code).toBe(0);
    const records = run.stdout.trim().split("\n").map((line) => JSON.parse(line) as { moniker: string; message: string; id: string });
    expect(records.some((record) => record.message === "calculator ready")).toBe(true);
    expect(records.every((record) => record.moniker === "/core/calculator" && /^\d+$/.test(record.id))).toBe(true);
  });
});

describe("fidl-ws trace", () => {
  it("prints every message through the proxy decoded by protocol, method and payload", async () => {
    const proxy = startCli(["trace", url]);
    try {
      const proxyUrl = (await proxy.waitFor(/^ws:\/\/\S+\n/)).split("\n")[0]!;
      const connection = await connect(proxyUrl, { timeoutMs: 5_000 });
      try {
        await connection.remoteControl().echoString({ value: "traced" }, { timeoutMs: 5_000 });
      } finally {
        await connection.close();
      }
      const out = await proxy.waitFor(/RemoteControl\.EchoString response/);
      expect(out).toMatch(/conn=1 >> ch=0 fuchsia\.developer\.remotecontrol\/RemoteControl\.EchoString request txid=1 \{"value":"traced"\}/);
      expect(out).toMatch(/conn=1 << ch=0 fuchsia\.developer\.remotecontrol\/RemoteControl\.EchoString response txid=1 \{"response":"traced"\}/);
    } finally {
      expect(await proxy.stop()).toBe(0);
    }
  });
});
