// Pattern 4 — "Waiting for multiple tasks": wait(tasks, { returnWhen: "first-completed" }) is
// asyncio.wait(..., return_when=FIRST_COMPLETED), a select() over tasks: it returns { done,
// pending } and the results are collected from `done` with result(). Awaiting the tasks in the
// order they were started instead would handle the fastest one last.
import { Task, type DeviceConnection, connect, sleep, wait } from "@fidl-ws/runtime";
import { EchoClient, EchoProtocol } from "../../generated/fuchsia.examples.ts";
import { ECHO_MONIKER } from "../monikers.ts";
import { type Output, createOutput } from "../output.ts";
import { type Example, type ExampleOptions, isMain, messageOf, runExampleCli } from "./example.ts";

/** What {@link waitFirst} observed. */
export interface WaitFirstResult {
  /** WRONG: results in the order the tasks were awaited (start order). */
  inStartOrder: string[];
  /** RIGHT: results collected from `done`, round by round, as tasks completed. */
  inCompletionOrder: string[];
  /** How many tasks each `wait()` round found done. */
  doneCounts: number[];
  /** The timeout round: how many were done and pending when `timeoutMs` passed. */
  timedOut: { done: number; pending: number; cancelledState: string };
}

/** Three echo calls, each after its own delay: the one started first finishes last. */
const CALLS = [
  { value: "slow", delayMs: 300 },
  { value: "fast", delayMs: 20 },
  { value: "medium", delayMs: 150 },
] as const;

function startCalls(echo: EchoClient): Task<string>[] {
  return CALLS.map(({ value, delayMs }) =>
    Task.run(
      async (signal) => {
        await sleep(delayMs, { signal });
        const { response } = await echo.echoString({ value }, { signal, timeoutMs: 5_000 });
        return response;
      },
      { name: value },
    ),
  );
}

async function inStartOrder(echo: EchoClient, out: Output): Promise<string[]> {
  out.section("WRONG: await each task in the order it was started");
  const results: string[] = [];
  for (const task of startCalls(echo)) {
    results.push(await task.promise);
    out.line(`got "${results.at(-1)}"`);
  }
  out.line(`handled in start order ${JSON.stringify(results)}: "fast" waited behind "slow"`);
  return results;
}

async function inCompletionOrder(echo: EchoClient, out: Output): Promise<{ results: string[]; doneCounts: number[] }> {
  out.section('RIGHT: wait(tasks, { returnWhen: "first-completed" }) and collect results from done');
  const results: string[] = [];
  const doneCounts: number[] = [];
  let pending = new Set(startCalls(echo));
  while (pending.size > 0) {
    const round = await wait(pending, { returnWhen: "first-completed", timeoutMs: 5_000 });
    doneCounts.push(round.done.size);
    for (const task of round.done) {
      const value = task.result();
      results.push(value);
      out.line(`done: ${task.name} → "${value}" (${round.pending.size} pending)`);
    }
    pending = round.pending;
  }
  out.line(`handled in completion order ${JSON.stringify(results)}`);
  return { results, doneCounts };
}

async function withTimeout(device: DeviceConnection, out: Output): Promise<WaitFirstResult["timedOut"]> {
  out.section("RIGHT: a timeout is not an error; wait() returns what is done, and the rest is yours to cancel");
  const echo = new EchoClient(device.connectDeviceProxy(ECHO_MONIKER, EchoProtocol));
  try {
    const quick = Task.run(async (signal) => (await echo.echoString({ value: "quick" }, { signal })).response, { name: "quick" });
    const stuck = Task.run(
      async (signal) => {
        await sleep(60_000, { signal });
        return "never";
      },
      { name: "stuck" },
    );
    const { done, pending } = await wait([quick, stuck], { returnWhen: "all-completed", timeoutMs: 200 });
    out.line(`after 200 ms: ${done.size} done (${[...done].map((task) => task.name).join(", ")}), ${pending.size} pending`);
    for (const task of pending) task.cancel("timed out");
    await wait(pending, { timeoutMs: 5_000 });
    const stuckError = stuck.cancelled ? messageOf(cancellation(stuck)) : "";
    out.line(`cancelled the pending task: ${stuck.state} (${stuckError})`);
    return { done: done.size, pending: pending.size, cancelledState: stuck.state };
  } finally {
    echo.$close();
  }
}

function cancellation(task: Task<unknown>): unknown {
  try {
    return task.exception();
  } catch (error) {
    return error;
  }
}

/** Pattern 4: select-like waiting with `first-completed`. */
export const waitFirst: Example<WaitFirstResult> = {
  name: "wait-first",
  title: "4. Waiting for many tasks",
  description: 'wait(tasks, { returnWhen: "first-completed" }) handles results as they complete, like asyncio.wait',
  async run({ url, out = createOutput() }: ExampleOptions): Promise<WaitFirstResult> {
    await using device = await connect(url);
    const echo = new EchoClient(device.connectDeviceProxy(ECHO_MONIKER, EchoProtocol));
    try {
      const wrong = await inStartOrder(echo, out);
      const right = await inCompletionOrder(echo, out);
      const timedOut = await withTimeout(device, out);
      return { inStartOrder: wrong, inCompletionOrder: right.results, doneCounts: right.doneCounts, timedOut };
    } finally {
      echo.$close();
    }
  },
};

if (isMain(import.meta.url)) await runExampleCli(waitFirst);
