// CPU time spent by this process and by a server child: what a call costs, whatever the load.
//
// Wall-clock figures on a shared machine move with its neighbours; the CPU time both ends spend
// per call moves far less, so each sample also reports it (client + server, µs per call).
import { readFileSync } from "node:fs";

/** Linux's USER_HZ: /proc reports CPU time in ticks of 1/100 s on every mainstream build. */
const TICKS_PER_SECOND = 100;

/**
 * User + system CPU time of process `pid` in µs, from /proc (Linux); undefined where /proc is
 * not there or the process is gone. Resolution is one tick (10 ms): samples run for seconds.
 */
export function cpuMicrosOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) start at ")": utime and stime are
  // fields 14 and 15 of the whole line, 12 and 13 after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1_000_000) / TICKS_PER_SECOND : undefined;
}

/** CPU time of this process and of `serverPid` so far, to subtract from a later reading. */
export interface CpuReading {
  readonly client: NodeJS.CpuUsage;
  readonly server: number | undefined;
}

export function readCpu(serverPid: number | undefined): CpuReading {
  return { client: process.cpuUsage(), server: serverPid === undefined ? undefined : cpuMicrosOf(serverPid) };
}

/** µs of CPU per call on both sides since `start`; undefined without the server's figure or calls. */
export function cpuMicrosPerCall(start: CpuReading, serverPid: number | undefined, calls: number): number | undefined {
  const client = process.cpuUsage(start.client);
  const serverNow = serverPid === undefined ? undefined : cpuMicrosOf(serverPid);
  if (start.server === undefined || serverNow === undefined || calls <= 0) return undefined;
  return (client.user + client.system + serverNow - start.server) / calls;
}
