// Where the CPU goes during a run, from /proc (Linux): the server process (and any
// children), the Postgres backends serving the bench database, the load generator
// (this process) and the machine as a whole.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of one process, in ms; 0 when it is gone or /proc is unavailable. */
function processMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
      } catch {}
    }
  } catch {}
  return children;
}

/** CPU ms of a process and its descendants. */
export function treeMs(pid: number): number {
  return processMs(pid) + childrenOf(pid).reduce((n, child) => n + treeMs(child), 0);
}

export const pidsMs = (pids: number[]) => pids.reduce((n, pid) => n + processMs(pid), 0);

const perPid = (pids: number[]) => new Map(pids.map((pid) => [pid, processMs(pid)]));

/** Busy and total CPU time of the whole machine so far, in ms (from /proc/stat). */
export function machineMs(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((n, v) => n + v, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: ((total - idle) * 1000) / clockTicks(), total: (total * 1000) / clockTicks() };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export interface CpuSample {
  server: number;
  /** CPU ms so far of each database backend. */
  database: Map<number, number>;
  loadGenerator: number;
  machine: { busy: number; total: number };
}

export interface CpuPerRequest {
  /** CPU ms per request in the server process (Next.js, the app, the driver; PGlite too). */
  serverMs: number;
  /** CPU ms per request in the Postgres backends of the bench database. */
  databaseMs: number;
  loadGeneratorMs: number;
  /** Cores the machine kept busy on average during the run (of os.cpus().length). */
  busyCores: number;
}

export function sample(serverPid: number, databasePids: number[]): CpuSample {
  const own = process.cpuUsage();
  return {
    server: treeMs(serverPid),
    database: perPid(databasePids),
    loadGenerator: (own.user + own.system) / 1000,
    machine: machineMs(),
  };
}

export function perRequest(
  before: CpuSample,
  after: CpuSample,
  requests: number,
  seconds: number,
): CpuPerRequest {
  const n = Math.max(1, requests);
  return {
    serverMs: (after.server - before.server) / n,
    // Backends that appeared during the run count in full; ones that went away
    // (idle connections the pool closed) did nothing worth counting.
    databaseMs:
      [...after.database].reduce(
        (sum, [pid, ms]) => sum + (ms > 0 ? ms - (before.database.get(pid) ?? 0) : 0),
        0,
      ) / n,
    loadGeneratorMs: (after.loadGenerator - before.loadGenerator) / n,
    busyCores: (after.machine.busy - before.machine.busy) / 1000 / seconds,
  };
}
