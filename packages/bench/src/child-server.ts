// Spawns benchmark servers as child processes and guarantees they die with the harness.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The bench package directory: children run from here so `--import tsx` resolves. */
export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** A running server child. */
export interface ChildServer {
  readonly pid: number;
  /** The port parsed from the child's first stdout line. */
  readonly port: number;
  /** The first stdout line as printed (a port number or a `ws://host:port` address). */
  readonly firstLine: string;
  /** Kills the child (SIGTERM, then SIGKILL after a grace period) and waits for it to exit. */
  kill(): Promise<void>;
}

/** Options for {@link spawnServer}. */
export interface SpawnServerOptions {
  /** Extra arguments after the script path. */
  args?: readonly string[];
  /** How long to wait for the first stdout line; default 15 s. */
  startTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
let hooksInstalled = false;

/** Number of server children currently alive (for tests and the final report). */
export function liveChildCount(): number {
  return live.size;
}

/** Kills every live child at once with SIGKILL; used by the exit hooks. */
export function killAllChildren(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", killAllChildren);
  // A signal would otherwise end the harness without running 'exit' listeners' async peers;
  // kill the children ourselves and exit with the conventional 128 + signal code.
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
    process.once(signal, () => {
      killAllChildren();
      process.exit(code);
    });
  }
}

/** Reads a port out of a first line that is either `12345` or an address like `ws://127.0.0.1:12345`. */
export function parsePortLine(line: string): number {
  const trimmed = line.trim();
  let port = Number.NaN;
  if (/^\d+$/.test(trimmed)) port = Number(trimmed);
  else {
    try {
      port = Number(new URL(trimmed).port);
    } catch {
      // Not a URL either: reported below.
    }
  }
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error(`server's first stdout line ${JSON.stringify(trimmed)} is neither a port nor an address with a port`);
  }
  return port;
}

/**
 * Runs `node --import tsx <script> ...args` from the bench directory and resolves once the child
 * printed its port. The child's stdin is a pipe it watches, so it also exits if the harness dies
 * without running its hooks (SIGKILL, crash).
 */
export function spawnServer(script: string, options: SpawnServerOptions = {}): Promise<ChildServer> {
  installExitHooks();
  const child = spawn(process.execPath, ["--import", "tsx", resolve(BENCH_DIR, script), ...(options.args ?? [])], {
    cwd: BENCH_DIR,
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  live.add(child);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  void exited.then(() => live.delete(child));

  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<void>((done) => {
      timer = setTimeout(() => {
        child.kill("SIGKILL");
        done();
      }, 2_000);
    });
    await Promise.race([exited, forced]);
    clearTimeout(timer);
    await exited;
  };

  return new Promise<ChildServer>((resolvePort, reject) => {
    let buffered = "";
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void kill();
      reject(error);
    };
    const timeoutMs = options.startTimeoutMs ?? 15_000;
    const timer = setTimeout(() => fail(new Error(`server ${script} printed no port within ${timeoutMs} ms`)), timeoutMs);
    child.once("error", (error) => fail(new Error(`server ${script} failed to spawn: ${error.message}`)));
    child.once("exit", (code, signal) => fail(new Error(`server ${script} exited before printing its port (code ${code}, signal ${signal})`)));
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString("utf8");
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      child.stdout!.off("data", onData);
      // Keep draining so a chatty child never blocks on a full pipe.
      child.stdout!.resume();
      const firstLine = buffered.slice(0, newline);
      let port: number;
      try {
        port = parsePortLine(firstLine);
      } catch (error) {
        fail(error as Error);
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolvePort({ pid: child.pid!, port, firstLine, kill });
    };
    child.stdout!.on("data", onData);
  });
}
