// Tests for server children: port parsing, start-up failures, and that children always die.
import { describe, expect, it } from "vitest";
import { liveChildCount, parsePortLine, spawnServer } from "../src/child-server.ts";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("parsePortLine", () => {
  it("reads a bare port or an address with a port", () => {
    expect(parsePortLine("40123\n")).toBe(40_123);
    expect(parsePortLine("ws://127.0.0.1:40124")).toBe(40_124);
  });

  it("rejects a line with no port", () => {
    expect(() => parsePortLine("ready!")).toThrow('server\'s first stdout line "ready!" is neither a port nor an address with a port');
    expect(() => parsePortLine("70000")).toThrow("is neither a port");
  });
});

describe("spawnServer", () => {
  it("starts the floor server on a loopback port and kills it", async () => {
    const server = await spawnServer("src/servers/floor.ts");
    expect(server.port).toBeGreaterThan(0);
    expect(isAlive(server.pid)).toBe(true);
    await server.kill();
    expect(isAlive(server.pid)).toBe(false);
    expect(liveChildCount()).toBe(0);
  });

  it("rejects when the child exits before printing its port", async () => {
    await expect(spawnServer("test/fixtures/exits-early.mjs")).rejects.toThrow(
      "server test/fixtures/exits-early.mjs exited before printing its port (code 3, signal null)",
    );
    expect(liveChildCount()).toBe(0);
  });

  it("rejects and kills a child whose first line is not a port", async () => {
    await expect(spawnServer("test/fixtures/prints-garbage.mjs")).rejects.toThrow('"ready!" is neither a port');
    await expect.poll(() => liveChildCount(), { timeout: 3_000 }).toBe(0);
  });

  it("rejects and kills a child that prints nothing in time", async () => {
    await expect(spawnServer("test/fixtures/silent.mjs", { startTimeoutMs: 300 })).rejects.toThrow(
      "server test/fixtures/silent.mjs printed no port within 300 ms",
    );
    await expect.poll(() => liveChildCount(), { timeout: 3_000 }).toBe(0);
  });
});
