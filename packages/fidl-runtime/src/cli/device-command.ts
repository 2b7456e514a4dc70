// `fidl-ws device`: runs the fake device from the user's project. The runtime never imports the
// device package: it is resolved from the working directory at run time and its bin spawned.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { CliIo } from "./cli-io.ts";
import { EXIT_FAILURE } from "./usage-error.ts";

/** Usage of `fidl-ws device`. */
export const DEVICE_USAGE = `Usage: fidl-ws device [fake-device options]

Starts the fake device (package @fidl-ws/fake-device, resolved from the current directory)
and forwards every option to it, e.g. --port 0, --config device.json, --trace, --token T.
Its first stdout line is the device address. Ctrl-C stops it.
Install it with: pnpm add -D @fidl-ws/fake-device
Run "fidl-ws device --help" with the package installed for the device's own options.
`;

const PACKAGE = "@fidl-ws/fake-device";

/** Finds the fake-device package's `fake-device` bin from `cwd`; undefined when not installed. */
export function findFakeDeviceBin(cwd: string): string | undefined {
  let entry: string;
  try {
    entry = createRequire(join(resolve(cwd), "package.json")).resolve(PACKAGE);
  } catch {
    return undefined;
  }
  // The package's exports hide package.json, so walk up from its entry point to find it.
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    let manifest: { name?: string; bin?: string | Record<string, string> };
    try {
      manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as typeof manifest;
    } catch {
      continue;
    }
    if (manifest.name !== PACKAGE) continue;
    const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.["fake-device"];
    return bin === undefined ? undefined : join(dir, bin);
  }
  return undefined;
}

/**
 * Spawns the device with `args`, sharing this process's stdio, forwards SIGINT/SIGTERM/SIGHUP to
 * it and resolves with its exit code. When the package cannot be found, prints how to install it
 * and resolves 1.
 */
export async function runDevice(args: readonly string[], io: CliIo): Promise<number> {
  const bin = findFakeDeviceBin(io.cwd);
  if (bin === undefined) {
    if (args.includes("--help") || args.includes("-h")) {
      io.out(DEVICE_USAGE);
      return 0;
    }
    io.err(`fidl-ws device: cannot find ${PACKAGE} from ${io.cwd}; install it in your project: pnpm add -D ${PACKAGE}\n`);
    return EXIT_FAILURE;
  }
  const child = spawn(process.execPath, [bin, ...args], { stdio: "inherit", cwd: io.cwd });
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    return await new Promise<number>((resolveExit) => {
      child.once("error", (error) => {
        io.err(`fidl-ws device: cannot start ${bin}: ${error.message}\n`);
        resolveExit(EXIT_FAILURE);
      });
      child.once("exit", (code, signal) => resolveExit(code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : EXIT_FAILURE)));
    });
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
