// The command line: `example` with no name lists every example, bad input exits 2, and `demo`
// runs the whole story against a device process it starts, exiting 0 within 30 s.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EXAMPLES } from "../src/examples/index.ts";
import { main, usage } from "../src/examples/run.ts";
import { within } from "./helpers.ts";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("example command", () => {
  it("lists every example with its one-line description when given no name", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await main([])).toBe(0);
    expect(log).toHaveBeenCalledWith(usage());
    for (const example of EXAMPLES) expect(usage()).toContain(`${example.name}  `);
    expect(EXAMPLES.map((example) => example.name)).toEqual(["task-references", "blocking", "server-errors", "wait-first", "sync-facade", "echo"]);
  });

  it("exits 2 for an unknown example name", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await main(["no-such-example"])).toBe(2);
    expect(error.mock.calls[0]?.[0]).toMatch(/^no example named "no-such-example"/);
  });

  it("exits 2 for an unknown flag", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await main(["echo", "--devise", "ws://x"])).toBe(2);
  });
});

describe("demo", () => {
  it("starts the device, runs all six patterns, stops the device and exits 0 within 30 s", async () => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", "src/demo.ts"], { cwd: PACKAGE_DIR, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const code = await within(
      new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode))),
      30_000,
      "pnpm demo",
    ).catch((error: unknown) => {
      child.kill("SIGKILL");
      throw error;
    });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    for (const example of EXAMPLES) expect(stdout).toContain(`== ${example.title} ==`);
    expect(stdout).toMatch(/^ {3}started the fake device at ws:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).toContain("   stopped the fake device");
    expect(stdout).toMatch(/demo finished in \d+\.\d s/);
  }, 35_000);
});
