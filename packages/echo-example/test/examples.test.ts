// Each example's run() against the real device process: the observable results and the exact
// lines a user sees.
import { describe, expect, it } from "vitest";
import { CALL_ECHO_FAILED_MESSAGE } from "../src/components/echo-caller.ts";
import { faultyEchoMessage } from "../src/components/faulty-echo.ts";
import { hostEchoFailureMessage } from "../src/host/host-echo-server.ts";
import { blocking, echoBasics, serverErrors, syncFacade, taskReferences, waitFirst } from "../src/examples/index.ts";
import { quietOutput, useDeviceProcess, within } from "./helpers.ts";

const device = useDeviceProcess();
const PEER_CLOSED_LINE = "[ZX_ERR_PEER_CLOSED] fuchsia.examples/Echo.EchoString: channel closed by peer";
const ERROR_SEVERITY = 0x50;

describe("1. task-references", () => {
  it("loses the forgotten call to an unhandled rejection, reports it through the TaskGroup, and ends the owned server", async () => {
    const out = quietOutput();
    const result = await within(taskReferences.run({ url: device.url, out }), 15_000, "task-references");
    expect(result).toEqual({
      lostFailure: "ZX_ERR_PEER_CLOSED",
      groupReported: "ZX_ERR_PEER_CLOSED",
      leakedAnswer: "still serving?",
      afterTeardown: "ZX_ERR_PEER_CLOSED",
      serverTaskDone: true,
    });
    expect(out.lines).toContain(`   caught only by process.on("unhandledRejection"): ${PEER_CLOSED_LINE}`);
    expect(out.lines).toContain(`   the group's close() rejected with: ${PEER_CLOSED_LINE}`);
    expect(out.lines).toContain('   after tearDown() the server still answers: "still serving?"');
    expect(out.lines).toContain(`   a call after tearDown() fails: ${PEER_CLOSED_LINE}`);
  });
});

describe("2. blocking", () => {
  it("prints nothing while sleepSync blocks, prints HELLO with await sleep, and reports the block", async () => {
    const out = quietOutput();
    const result = await within(blocking.run({ url: device.url, out, sleepMs: 600, stallThresholdMs: 200 }), 15_000, "blocking");
    expect(result.wrong.printed).toEqual([]);
    expect(result.wrong.printerState).toBe("cancelled");
    expect(result.wrong.stalls.length).toBeGreaterThanOrEqual(1);
    // The detector under-reports by at most one sampling period (50 ms).
    expect(Math.max(...result.wrong.stalls.map((stall) => stall.durationMs))).toBeGreaterThanOrEqual(540);
    expect(result.right.printed).toEqual(["HELLO"]);
    expect(result.right.printerState).toBe("fulfilled");
    expect(result.right.stalls.filter((stall) => stall.durationMs >= 540)).toEqual([]);
    expect(out.lines).toContain("   printer task: cancelled ([ZX_ERR_CANCELED] fuchsia.examples/Echo.EchoString: call canceled)");
    expect(out.lines).toContain("   HELLO");
    expect(out.lines).toContain("   printer task: fulfilled");
  });
});

describe("3. server-errors", () => {
  it("shows PEER_CLOSED on the host and the device log record naming moniker, protocol, method and stack", async () => {
    const out = quietOutput();
    const result = await within(serverErrors.run({ url: device.url, out }), 20_000, "server-errors");
    expect(result.hostSaw).toEqual({ status: "ZX_ERR_PEER_CLOSED", code: "PEER_CLOSED", message: PEER_CLOSED_LINE });
    expect(result.deviceRecord.moniker).toBe("/core/faulty_echo");
    expect(result.deviceRecord.severity).toBe(ERROR_SEVERITY);
    expect(result.deviceRecord.message).toBe(`fuchsia.examples.Echo.EchoString handler failed: ${faultyEchoMessage("log streamed")}`);
    expect(result.deviceRecord.stack).toContain(`RangeError: ${faultyEchoMessage("log streamed")}`);
    expect(result.deviceRecord.stack).toContain("at FaultyEchoImpl.echoString");
    expect(out.lines).toContain(`   the host sees only: ${PEER_CLOSED_LINE}`);
  });

  it("shows the device component seeing PEER_CLOSED from a throwing host server, and the host's exception callback logging the cause", async () => {
    const result = await within(serverErrors.run({ url: device.url, out: quietOutput() }), 20_000, "server-errors");
    expect(result.deviceSaw).toBe("ZX_ERR_PEER_CLOSED");
    expect(result.callerRecord.moniker).toBe("/core/echo_caller");
    expect(result.callerRecord.severity).toBe(ERROR_SEVERITY);
    expect(result.callerRecord.message).toBe(`${CALL_ECHO_FAILED_MESSAGE}: ${PEER_CLOSED_LINE}`);
    expect(result.hostLogged).toHaveLength(1);
    expect(result.hostLogged[0]).toMatch(
      new RegExp(`^Task "HostEchoServer\\.serve\\(\\)" failed: TypeError: ${escapeRegExp(hostEchoFailureMessage("call me back"))}\\n\\s+at HostEchoServer\\.echoString`),
    );
  });
});

describe("4. wait-first", () => {
  it("collects results from done in completion order and returns pending tasks on timeout", async () => {
    const out = quietOutput();
    const result = await within(waitFirst.run({ url: device.url, out }), 15_000, "wait-first");
    expect(result).toEqual({
      inStartOrder: ["slow", "fast", "medium"],
      inCompletionOrder: ["fast", "medium", "slow"],
      doneCounts: [1, 1, 1],
      timedOut: { done: 1, pending: 1, cancelledState: "cancelled" },
    });
    expect(out.lines).toContain('   done: fast → "fast" (2 pending)');
    expect(out.lines).toContain("   after 200 ms: 1 done (quick), 1 pending");
  });
});

describe("5. sync-facade", () => {
  it("leaves a blocked synchronous caller with a pending promise, and answers through the facade until teardown", async () => {
    const out = quietOutput();
    const result = await within(syncFacade.run({ url: device.url, out }), 20_000, "sync-facade");
    expect(result).toEqual({
      wrongState: "Promise { <pending> }",
      echoed: "foobar",
      callCount: 2,
      errorStatus: "ZX_ERR_PEER_CLOSED",
      afterClose: "ZX_ERR_BAD_STATE",
    });
    expect(out.lines).toContain('   inst.echo("foobar") returned "foobar" synchronously');
    expect(out.lines).toContain(`   facade.echoFaulty("boom") threw: ${PEER_CLOSED_LINE}`);
    expect(out.lines).toContain("   a call after close() throws: [ZX_ERR_BAD_STATE] sync facade for echo-api.ts is closed; cannot call echo()");
  });
});

describe("6. echo", () => {
  it("echoes, delivers OnString events in order, and answers through GetEcho and GetEchoPipelined", async () => {
    const out = quietOutput();
    const result = await within(echoBasics.run({ url: device.url, out }), 15_000, "echo");
    expect(result).toEqual({
      ffxEcho: "hello",
      examplesEcho: "hello",
      events: ["one", "two"],
      getEcho: "got: hello",
      pipelined: "piped: hello",
    });
    expect(out.lines).toContain('   OnString: "one"');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
