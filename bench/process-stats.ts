// Memory and CPU of a process, read from /proc (Linux): resident set size now and at its peak, and
// CPU time used so far. Used for the workerd child of Miniflare; the bench's own Node process uses
// process.memoryUsage() / process.cpuUsage() instead.
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcessSample {
  /** Resident set size now (VmRSS), bytes. */
  rssBytes: number;
  /** Peak resident set size so far (VmHWM), bytes. */
  peakRssBytes: number;
  /** User + system CPU time so far, milliseconds. */
  cpuMs: number;
}

/** Kernel clock ticks per second for /proc/<pid>/stat times; 100 on every Linux we run on. */
const CLOCK_TICKS = 100;

export function sampleProcess(pid: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  };
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM'), cpuMs: cpuMs(pid) };
}

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at state; utime, stime are 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

export function sampleSelf(): ProcessSample {
  const cpu = process.cpuUsage();
  const own = sampleProcess(process.pid);
  return { rssBytes: process.memoryUsage().rss, peakRssBytes: own.peakRssBytes, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Direct children of `parentPid` whose command name is `name` (e.g. the workerd Miniflare started). */
export function findChildren(parentPid: number, name: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parentPid && comm === name) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
