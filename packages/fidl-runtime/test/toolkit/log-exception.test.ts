// Tests for logException and serveLogged: a failing task or server is logged with name and stack.
import { describe, expect, it } from "vitest";
import { logException, serveLogged } from "../../src/toolkit/log-exception.ts";
import { sleep } from "../../src/toolkit/sleep.ts";
import { Task } from "../../src/toolkit/task.ts";
import { TaskGroup } from "../../src/toolkit/task-group.ts";
import { ZxError } from "../../src/zx/error.ts";
import { ZxStatus } from "../../src/zx/status.ts";
import { expectNoUnhandledRejections, nextTurn, recordingLogger, rejectionOf, within } from "./helpers.ts";

expectNoUnhandledRejections();

/** A server-shaped object, as generated FIDL servers are. */
class EchoServer {
  constructor(readonly behaviour: "fail" | "finish" | "run") {}
  async serve(signal?: AbortSignal): Promise<void> {
    if (this.behaviour === "fail") {
      await sleep(1);
      throw new ZxError(ZxStatus.INTERNAL, "EchoString handler threw: TypeError: value.toUpperCase is not a function");
    }
    if (this.behaviour === "run") await sleep(10_000, signal === undefined ? {} : { signal });
  }
}

describe("logException", () => {
  it("logs a failed task's name and stack through logger.error", async () => {
    const logger = recordingLogger();
    const task = logException(
      Task.run(
        async () => {
          throw new Error("handler exploded");
        },
        { name: "echo-server" },
      ),
      logger,
    );
    await rejectionOf(task.promise);
    await nextTurn();
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toMatch(/^Task "echo-server" failed: Error: handler exploded\n\s+at .*log-exception\.test\.ts/);
  });

  it("logs nothing for a task that succeeds or is cancelled", async () => {
    const logger = recordingLogger();
    const ok = logException(Task.run(async () => 1), logger);
    const cancelled = logException(
      Task.run((signal) => sleep(10_000, { signal })),
      logger,
    );
    cancelled.cancel();
    await within(ok.promise);
    await rejectionOf(cancelled.promise);
    await nextTurn();
    expect(logger.errors).toEqual([]);
  });

  it("takes responsibility for the failure: it is not reported as unretrieved", async () => {
    const reported: string[] = [];
    const previous = Task.onUnretrievedFailure;
    Task.onUnretrievedFailure = (task) => void reported.push(task.name);
    try {
      const logger = recordingLogger();
      logException(
        Task.run(async () => {
          throw new Error("x");
        }),
        logger,
      );
      await nextTurn();
      await nextTurn();
      expect(reported).toEqual([]);
      expect(logger.errors).toHaveLength(1);
    } finally {
      Task.onUnretrievedFailure = previous;
    }
  });

  it("logs a thrown non-Error value", async () => {
    const logger = recordingLogger();
    logException(
      Task.run(
        async () => {
          throw "just a string";
        },
        { name: "odd" },
      ),
      logger,
    );
    await nextTurn();
    expect(logger.errors).toEqual(['Task "odd" failed: non-Error value thrown: just a string']);
  });
});

describe("serveLogged", () => {
  it("runs serve() as a task named after the server and logs its failure", async () => {
    const logger = recordingLogger();
    const task = serveLogged(new EchoServer("fail"), { logger });
    expect(task.name).toBe("EchoServer.serve()");
    const error = await rejectionOf(task.promise);
    expect(ZxError.is(error, ZxStatus.INTERNAL)).toBe(true);
    await nextTurn();
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toMatch(
      /^Task "EchoServer\.serve\(\)" failed: ZxError: \[ZX_ERR_INTERNAL\] EchoString handler threw: TypeError: value\.toUpperCase is not a function\n\s+at /,
    );
  });

  it("resolves quietly when the server finishes", async () => {
    const logger = recordingLogger();
    const task = serveLogged(new EchoServer("finish"), { logger, name: "echo" });
    await within(task.promise);
    expect(task.name).toBe("echo");
    expect(logger.errors).toEqual([]);
  });

  it("passes the task's signal to serve(), so cancel() stops the server", async () => {
    const logger = recordingLogger();
    const task = serveLogged(new EchoServer("run"), { logger });
    task.cancel("test teardown");
    await rejectionOf(task.promise);
    expect(task.state).toBe("cancelled");
    expect(logger.errors).toEqual([]);
  });

  it("ties the server's lifetime to a group: logged at once, reported by close()", async () => {
    const logger = recordingLogger();
    const group = new TaskGroup();
    const running = serveLogged(new EchoServer("run"), { logger, group });
    const failing = serveLogged(new EchoServer("fail"), { logger, group, name: "bad" });
    await rejectionOf(failing.promise);
    await nextTurn();
    expect(logger.errors).toHaveLength(1);
    const error = await rejectionOf(group.close());
    expect(ZxError.is(error, ZxStatus.INTERNAL)).toBe(true);
    expect(running.state).toBe("cancelled");
  });
});
