// Tests that server children die with the harness however it ends: SIGINT, SIGTERM or SIGKILL.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BENCH_DIR } from "../src/child-server.ts";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the fixture harness and resolves with it and its server child's pid. */
async function startHarness(): Promise<{ harness: ReturnType<typeof spawn>; serverPid: number; exited: Promise<number | null> }> {
  const harness = spawn(process.execPath, ["--import", "tsx", resolve(BENCH_DIR, "test/fixtures/harness.ts")], {
    cwd: BENCH_DIR,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((done) => harness.once("exit", (code) => done(code)));
  const serverPid = await new Promise<number>((done, reject) => {
    const timer = setTimeout(() => reject(new Error("the fixture harness printed no pid within 10 s")), 10_000);
    let text = "";
    harness.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) {
        clearTimeout(timer);
        done(Number(text.trim()));
      }
    });
  });
  return { harness, serverPid, exited };
}

describe("server children", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("die when the harness gets %s, and the harness exits with %i", async (signal, code) => {
    const { harness, serverPid, exited } = await startHarness();
    expect(isAlive(serverPid)).toBe(true);
    harness.kill(signal);
    expect(await exited).toBe(code);
    await expect.poll(() => isAlive(serverPid), { timeout: 3_000 }).toBe(false);
  });

  it("die when the harness is SIGKILLed and runs no cleanup at all", async () => {
    const { harness, serverPid, exited } = await startHarness();
    harness.kill("SIGKILL");
    await exited;
    await expect.poll(() => isAlive(serverPid), { timeout: 3_000 }).toBe(false);
  });
});
