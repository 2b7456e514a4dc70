// Test helpers: run `fidl-ws` as a child process (bounded), and keep a long-running one (the
// device, a trace proxy) whose output is read line by line and which is always stopped.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The CLI launcher under test. */
export const FIDL_WS_BIN = fileURLToPath(new URL("../../bin/fidl-ws.mjs", import.meta.url));

/** What a finished CLI run printed and how it exited. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `fidl-ws ...args` to completion; kills it and rejects after `timeoutMs`. */
export function runCli(args: readonly string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIDL_WS_BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      // SIGTERM first: `fidl-ws device` forwards it to the device, which SIGKILL would orphan.
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 2_000).unref();
      reject(new Error(`fidl-ws ${args.join(" ")} did not exit within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running `fidl-ws` child. */
export interface LongRunning {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with stdout once it matches `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then SIGKILL after 3 s; resolves with the exit code once it exited. */
  stop(): Promise<number | null>;
}

/** Starts `fidl-ws ...args` and keeps it running. */
export function startCli(args: readonly string[], options: { cwd?: string } = {}): LongRunning {
  const child = spawn(process.execPath, [FIDL_WS_BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const wakers = new Set<() => void>();
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const wake of wakers) wake();
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stdout)) return;
          clearTimeout(timer);
          wakers.delete(check);
          resolve(stdout);
        };
        const timer = setTimeout(() => {
          wakers.delete(check);
          reject(new Error(`stdout did not match ${pattern} within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        wakers.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
