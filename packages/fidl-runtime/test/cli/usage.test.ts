// The fidl-ws command line in-process: --help on every command, and usage errors that name the
// bad argument (exit code 2) before anything connects.
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/cli-io.ts";
import { runFidlWs } from "../../src/cli/main.ts";

function io(): CliIo & { stdout: string; stderr: string } {
  const captured = {
    stdout: "",
    stderr: "",
    out(text: string) {
      captured.stdout += text;
    },
    err(text: string) {
      captured.stderr += text;
    },
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    signal: new AbortController().signal,
  };
  return captured;
}

async function run(...args: string[]) {
  const streams = io();
  const code = await runFidlWs(args, streams);
  return { code, stdout: streams.stdout, stderr: streams.stderr };
}

describe("fidl-ws usage", () => {
  it.each(["info", "call", "watch", "logs", "trace"])("prints usage for `%s --help` and exits 0", async (command) => {
    const result = await run(command, "--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: fidl-ws ${command} `));
    expect(result.stderr).toBe("");
  });

  it("prints the command list for --help", async () => {
    const result = await run("--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Commands:");
  });

  it("names an unknown command", async () => {
    const result = await run("cal");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^fidl-ws: unknown command "cal" \(commands: device, info, call, watch, logs, trace\)/);
  });

  it("names an unknown option", async () => {
    const result = await run("logs", "ws://127.0.0.1:1", "--severty", "ERROR");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^fidl-ws logs: Unknown option '--severty'/);
  });

  it("names a missing positional argument", async () => {
    const result = await run("call", "ws://127.0.0.1:1", "/core/echo");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('fidl-ws call: missing argument <protocol>\nRun "fidl-ws call --help" for usage.\n');
  });

  it("names a URL that is not a device address", async () => {
    const result = await run("info", "http://127.0.0.1:1");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('<url> must start with ws:// or wss://, got "http://127.0.0.1:1"');
  });

  it("names a bad --timeout", async () => {
    const result = await run("call", "ws://127.0.0.1:1", "/c", "p", "m", "--timeout", "soon");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--timeout must be a non-negative integer, got "soon"');
  });

  it("names a bad --severity and lists the valid ones", async () => {
    const result = await run("logs", "ws://127.0.0.1:1", "--severity", "loud");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--severity must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, got "loud"');
  });

  it("names a protocol that is not in the loaded FIDL", async () => {
    const result = await run("call", "ws://127.0.0.1:1", "/core/echo", "fuchsia.examples.Echo", "EchoString", "{}");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^fidl-ws call: <protocol> fuchsia\.examples\.Echo is not in the loaded FIDL; pass its file with --fidl or --ir \(loaded: .*fuchsia\.developer\.remotecontrol\/RemoteControl/);
  });

  it("names a method the protocol lacks and lists its methods", async () => {
    const result = await run("call", "ws://127.0.0.1:1", "/bootstrap/fake_device", "fuchsia.fakedevice.RealmExplorer", "List", "{}");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("<method> List is not a method of it; fuchsia.fakedevice/RealmExplorer has: ListComponents");
  });

  it("names a --fidl file that cannot be read", async () => {
    const result = await run("call", "ws://127.0.0.1:1", "/c", "p", "m", "--fidl", "nope.fidl");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--fidl nope.fidl: cannot read it (ENOENT)");
  });
});
