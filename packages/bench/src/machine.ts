// What the run ran on: machine, Node, the pinned package versions and whether native accelerators loaded.
import { readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { isNativeAccelerationEnabled } from "msgpackr";
import { BENCH_DIR } from "./child-server.ts";

/** The machine a run was measured on. */
export interface MachineInfo {
  readonly cpus: number;
  readonly model: string;
  readonly memoryBytes: number;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  /** 1-minute load average when the run started: other work on the machine skews figures. */
  readonly loadAverage1m: number;
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model.trim() ?? "unknown",
    memoryBytes: totalmem(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    loadAverage1m: loadavg()[0] ?? 0,
  };
}

/** Packages whose versions a result records. */
export const RECORDED_PACKAGES = [
  "ws",
  "msgpackr",
  "capnweb",
  "rpc-websockets",
  "birpc",
  "@grpc/grpc-js",
  "@grpc/proto-loader",
  "bufferutil",
  "zod",
  "tsx",
  "@fidl-ws/runtime",
] as const;

/** Installed version of each recorded package as the bench package resolves it ("missing" if absent). */
export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of RECORDED_PACKAGES) {
    try {
      // Read package.json from the install folder: some packages do not export it.
      const manifest = JSON.parse(readFileSync(join(BENCH_DIR, "node_modules", name, "package.json"), "utf8")) as { version?: string };
      versions[name] = manifest.version ?? "unknown";
    } catch {
      versions[name] = "missing";
    }
  }
  return versions;
}

/** Whether the native accelerators the floor relies on are active. */
export function accelerators(): { msgpackrNative: boolean; wsBufferutil: boolean } {
  let wsBufferutil = false;
  if (!process.env["WS_NO_BUFFER_UTIL"]) {
    try {
      // Resolve from ws's own folder, as ws does, so a bufferutil only we can see does not count.
      const fromWs = createRequire(join(realpathSync(join(BENCH_DIR, "node_modules", "ws")), "index.js"));
      fromWs("bufferutil");
      wsBufferutil = true;
    } catch {
      wsBufferutil = false;
    }
  }
  return { msgpackrNative: isNativeAccelerationEnabled, wsBufferutil };
}
