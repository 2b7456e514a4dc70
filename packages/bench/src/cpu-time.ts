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

/** CPU time of this process and of a server so far, to subtract from a later reading. */
export interface CpuReading {
  readonly client: NodeJS.CpuUsage;
  readonly serverPid: number;
  readonly server: number;
}

/** The reading for `serverPid`; undefined without a server or its figure (no CPU per call then). */
export function readCpu(serverPid: number | undefined): CpuReading | undefined {
  const server = serverPid === undefined ? undefined : cpuMicrosOf(serverPid);
  if (serverPid === undefined || server === undefined) return undefined;
  return { client: process.cpuUsage(), serverPid, server };
}

/** µs of CPU per call on both sides since `start`; undefined without a start, the server's figure or calls. */
export function cpuMicrosPerCall(start: CpuReading | undefined, calls: number): number | undefined {
  if (start === undefined || calls <= 0) return undefined;
  const client = process.cpuUsage(start.client);
  const server = cpuMicrosOf(start.serverPid);
  if (server === undefined) return undefined;
  return (client.user + client.system + server - start.server) / calls;
}
