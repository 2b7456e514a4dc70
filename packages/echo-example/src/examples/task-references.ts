// Pattern 1 — "Not holding references to tasks": a fire-and-forget call whose failure is lost
// (JavaScript: an unhandled rejection), and a server task that outlives its owner; then the right
// way, a TaskGroup that holds every task, reports its failure and ends it at teardown.
import { Channel, type DeviceConnection, TaskGroup, connect, serveLogged } from "@fidl-ws/runtime";
import { EchoClient, EchoProtocol } from "../../generated/fuchsia.examples.ts";
import { HostEchoServer } from "../host/host-echo-server.ts";
import { FAULTY_ECHO_MONIKER } from "../monikers.ts";
import { type Output, createOutput } from "../output.ts";
import { catchUnhandledRejection } from "../unhandled-rejection.ts";
import { type Example, type ExampleOptions, isMain, messageOf, runExampleCli, statusOf } from "./example.ts";

/** What {@link taskReferences} observed. */
export interface TaskReferencesResult {
  /** WRONG: the fire-and-forget call's error, found only by an `unhandledRejection` handler. */
  lostFailure: string;
  /** RIGHT: the same failure, reported by the TaskGroup when its block exits. */
  groupReported: string;
  /** WRONG: what the leaked server answered after its owner's teardown. */
  leakedAnswer: string;
  /** RIGHT: the status of a call made after the owner's teardown closed its group. */
  afterTeardown: string;
  /** RIGHT: whether the server task was done once teardown returned. */
  serverTaskDone: boolean;
}

/** A test fixture written the wrong way: it starts a server and keeps nothing to stop it with. */
class LeakyFixture {
  client: EchoClient | undefined;

  setUp(): void {
    const [client, server] = Channel.create();
    // Don't do this: nobody holds the serving task, so nothing can end it.
    void new HostEchoServer(server).serve();
    this.client = new EchoClient(client);
  }

  tearDown(): void {
    // Nothing to cancel: the server keeps serving as long as its channel is open.
  }
}

/** The same fixture done right: the server task lives in the fixture's TaskGroup. */
class OwningFixture {
  client: EchoClient | undefined;
  readonly group = new TaskGroup({ name: "fixture" });
  serverTask: ReturnType<typeof serveLogged> | undefined;

  setUp(): void {
    const [client, server] = Channel.create();
    this.serverTask = serveLogged(new HostEchoServer(server), { group: this.group, name: "HostEchoServer.serve()" });
    this.client = new EchoClient(client);
  }

  async tearDown(): Promise<void> {
    // Cancels the server task (its signal closes the server) and waits for it.
    await this.group.close();
  }
}

async function firingAndForgetting(device: DeviceConnection, out: Output): Promise<string> {
  out.section("WRONG: fire-and-forget — start a call and keep no reference to it");
  const faulty = new EchoClient(device.connectDeviceProxy(FAULTY_ECHO_MONIKER, EchoProtocol));
  const reason = await catchUnhandledRejection(() => {
    // Don't do this: the promise is dropped, so its failure has nowhere to go.
    void faulty.echoString({ value: "fire-and-forget" });
    out.line("the call was started and forgotten; the script carries on as if all is well");
  }, 5_000);
  out.line(`caught only by process.on("unhandledRejection"): ${messageOf(reason)}`);
  out.line("(without that handler Node prints it and exits with code 1 — JavaScript's version of the lost task)");
  faulty.$close();
  return statusOf(reason);
}

async function holdingInAGroup(device: DeviceConnection, out: Output): Promise<string> {
  out.section("RIGHT: spawn it in a TaskGroup; `await using` closes the group and reports the failure");
  const faulty = new EchoClient(device.connectDeviceProxy(FAULTY_ECHO_MONIKER, EchoProtocol));
  try {
    await using group = new TaskGroup({ name: "echo calls" });
    group.spawn(() => faulty.echoString({ value: "held" }), { name: "EchoString" });
    out.line("the call runs as a task the group holds");
  } catch (error) {
    out.line(`the group's close() rejected with: ${messageOf(error)}`);
    return statusOf(error);
  } finally {
    faulty.$close();
  }
  throw new Error("the TaskGroup did not report the failed call");
}

async function leakingAServer(out: Output): Promise<string> {
  out.section("WRONG: a server task that outlives its owner");
  const fixture = new LeakyFixture();
  fixture.setUp();
  fixture.tearDown();
  const { response } = await fixture.client!.echoString({ value: "still serving?" }, { timeoutMs: 2_000 });
  out.line(`after tearDown() the server still answers: "${response}"`);
  out.line("(JavaScript never garbage-collects a running task; it lives until its channel closes)");
  fixture.client!.$close();
  return response;
}

async function owningAServer(out: Output): Promise<{ status: string; done: boolean }> {
  out.section("RIGHT: tie the server task to its owner: serveLogged(server, { group }) and close the group at teardown");
  const fixture = new OwningFixture();
  fixture.setUp();
  const { response } = await fixture.client!.echoString({ value: "serving" }, { timeoutMs: 2_000 });
  out.line(`during the test the server answers: "${response}"`);
  await fixture.tearDown();
  const done = fixture.serverTask!.done;
  out.line(`after tearDown() the server task is done: ${done}`);
  try {
    await fixture.client!.echoString({ value: "still serving?" }, { timeoutMs: 2_000 });
  } catch (error) {
    out.line(`a call after tearDown() fails: ${messageOf(error)}`);
    return { status: statusOf(error), done };
  } finally {
    fixture.client!.$close();
  }
  throw new Error("the server outlived its fixture's teardown");
}

/** Pattern 1: hold task references and tie their lifetime to their owner. */
export const taskReferences: Example<TaskReferencesResult> = {
  name: "task-references",
  title: "1. Holding task references",
  description: "a forgotten call's failure is lost and a server outlives its owner; TaskGroup and serveLogged fix both",
  async run({ url, out = createOutput() }: ExampleOptions): Promise<TaskReferencesResult> {
    await using device = await connect(url);
    const lostFailure = await firingAndForgetting(device, out);
    const groupReported = await holdingInAGroup(device, out);
    const leakedAnswer = await leakingAServer(out);
    const owned = await owningAServer(out);
    return { lostFailure, groupReported, leakedAnswer, afterTeardown: owned.status, serverTaskDone: owned.done };
  },
};

if (isMain(import.meta.url)) await runExampleCli(taskReferences);
