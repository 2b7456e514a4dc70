// Pattern 2 — "Mixing blocking code with async code": a synchronous sleep (Python's time.sleep)
// starves the event loop, so a task waiting for the device's HELLO never prints it; `await sleep`
// (asyncio.sleep) lets it print. The stall detector reports the block with its duration.
import { type Stall, Task, type TaskState, connect, detectStalls, sleep, sleepSync, wait } from "@fidl-ws/runtime";
import { EchoClient, EchoProtocol } from "../../generated/fuchsia.examples.ts";
import { ECHO_MONIKER } from "../monikers.ts";
import { type Output, createOutput } from "../output.ts";
import { type Example, type ExampleOptions, isMain, messageOf, runExampleCli } from "./example.ts";

/** Options of {@link blocking}: how long main() "sleeps" and the stall threshold. */
export interface BlockingOptions extends ExampleOptions {
  /** Default 1,000 ms, as in the doc. */
  sleepMs?: number;
  /** Default 250 ms. */
  stallThresholdMs?: number;
}

/** What one way of sleeping produced. */
export interface SleepOutcome {
  /** What the printer task printed (the doc's HELLO, echoed by the device). */
  printed: string[];
  /** The printer task's state after `cancel()`. */
  printerState: TaskState;
  /** Stalls the detector reported meanwhile. */
  stalls: Stall[];
}

/** What {@link blocking} observed. */
export interface BlockingResult {
  wrong: SleepOutcome;
  right: SleepOutcome;
}

async function sleepingOneWay(echo: EchoClient, out: Output, how: "sync" | "async", options: Required<Omit<BlockingOptions, "out" | "url">>): Promise<SleepOutcome> {
  const printed: string[] = [];
  const stalls: Stall[] = [];
  const detector = detectStalls({
    thresholdMs: options.stallThresholdMs,
    onStall: (stall) => {
      stalls.push(stall);
      out.line(`stall detector: the event loop was blocked for ${stall.durationMs} ms (threshold ${stall.thresholdMs} ms)`);
    },
  });
  try {
    // The doc's printer(): here it prints what the device echoes back.
    const printer = Task.run(
      async (signal) => {
        const { response } = await echo.echoString({ value: "HELLO" }, { signal });
        printed.push(response);
        out.line(response);
      },
      { name: "printer" },
    );
    const started = performance.now();
    if (how === "sync") {
      sleepSync(options.sleepMs); // THIS BLOCKS EXECUTION.
    } else {
      await sleep(options.sleepMs);
    }
    out.line(`main() slept ${Math.round(performance.now() - started)} ms, then called printer.cancel()`);
    printer.cancel("main() is done");
    await wait([printer], { timeoutMs: 5_000 });
    // Give the detector one sampling period to notice a block that just ended.
    await sleep(detector.intervalMs * 2);
    const why = printer.state === "cancelled" ? ` (${messageOf(cancellationOf(printer))})` : "";
    out.line(`printer task: ${printer.state}${why}`);
    return { printed, printerState: printer.state, stalls };
  } finally {
    detector.stop();
  }
}

/** A cancelled task's cancellation error (`exception()` throws it rather than returning it). */
function cancellationOf(task: Task<unknown>): unknown {
  try {
    return task.exception();
  } catch (error) {
    return error;
  }
}

/** Pattern 2: never block the event loop; await instead. */
export const blocking: Example<BlockingResult> & { run(options: BlockingOptions): Promise<BlockingResult> } = {
  name: "blocking",
  title: "2. Blocking vs awaiting",
  description: "sleepSync starves the loop so HELLO never prints; await sleep prints it; the stall detector reports the block",
  async run({ url, out = createOutput(), sleepMs = 1_000, stallThresholdMs = 250 }: BlockingOptions): Promise<BlockingResult> {
    await using device = await connect(url);
    const echo = new EchoClient(device.connectDeviceProxy(ECHO_MONIKER, EchoProtocol));
    try {
      // Warm up the connection so both runs start from the same place.
      await echo.echoString({ value: "warm-up" }, { timeoutMs: 5_000 });
      out.section(`WRONG: sleepSync(${sleepMs}) — like time.sleep, it blocks the whole thread`);
      const wrong = await sleepingOneWay(echo, out, "sync", { sleepMs, stallThresholdMs });
      if (wrong.printed.length === 0) out.line("nothing was printed: the reply sat unread on the socket until the task was cancelled");
      out.section(`RIGHT: await sleep(${sleepMs}) — like asyncio.sleep, it yields to the event loop`);
      const right = await sleepingOneWay(echo, out, "async", { sleepMs, stallThresholdMs });
      if (right.stalls.length === 0) out.line(`stall detector: no stall over ${stallThresholdMs} ms`);
      return { wrong, right };
    } finally {
      echo.$close();
    }
  },
};

if (isMain(import.meta.url)) await runExampleCli(blocking);
