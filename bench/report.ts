// The benchmark report: a readable table on stdout and the same figures as JSON (bench/results/).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioResult } from './scenarios.ts';

export interface BenchReport {
  takenAt: string;
  environment: {
    node: string;
    cpus: number;
    /** 1/5/15-minute load averages when the run started: other work on the machine skews figures. */
    loadAverageAtStart: number[];
    postgres: 'embedded' | 'external';
    redis: 'redis' | 'in-memory';
  };
  options: { connections: number; warmupSeconds: number; durationSeconds: number; quick: boolean };
  bundle: { bytes: number; gzipBytes: number };
  seed: Record<string, number>;
  /** Before the first scenario and after the last one. */
  memory: {
    workerdRssBytes: { start: number; end: number; peak: number };
    benchRssBytes: { start: number; end: number };
  };
  workerLogs: { lines: number; errors: string[] };
  scenarios: ScenarioResult[];
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => (bytes / MIB).toFixed(1);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

export function printReport(report: BenchReport): void {
  const rows: string[][] = [
    ['scenario', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'requests', 'non-2xx', 'DB RT/req', 'RT 1 req', 'workerd RSS MiB', 'workerd CPU ms/req', 'bench RSS MiB', 'bench CPU ms/req'],
  ];
  for (const s of report.scenarios) {
    if (s.status === 'skipped') {
      rows.push([s.name, `skipped (${s.reason})`, ...Array<string>(rows[0]!.length - 2).fill('')]);
      continue;
    }
    const failures = s.load.non2xx + s.load.errors + s.load.timeouts;
    rows.push([
      s.name,
      s.load.requestsPerSecond.toFixed(0),
      ms(s.load.latencyMs.p50),
      ms(s.load.latencyMs.p97_5),
      ms(s.load.latencyMs.p99),
      String(s.load.requests),
      failures === 0 ? '0' : `${s.load.non2xx}${s.load.errors + s.load.timeouts > 0 ? ` +${s.load.errors + s.load.timeouts} err` : ''} ${codes(s.load.statusCodes)}`,
      s.roundTripsPerRequest.toFixed(2),
      s.probeRoundTrips === null ? '?' : String(s.probeRoundTrips),
      `${mib(s.workerd.before.rssBytes)} → ${mib(s.workerd.after.rssBytes)}`,
      s.workerd.cpuMsPerRequest.toFixed(2),
      `${mib(s.bench.before.rssBytes)} → ${mib(s.bench.after.rssBytes)}`,
      s.bench.cpuMsPerRequest.toFixed(2),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');

  const env = report.environment;
  console.log('');
  console.log(
    `POSX Edge benchmark — ${report.takenAt}  (${report.options.connections} connections, ${report.options.warmupSeconds} s warm-up + ` +
      `${report.options.durationSeconds} s per scenario${report.options.quick ? ', --quick' : ''})`,
  );
  console.log(
    `  Node ${env.node}, ${env.cpus} CPUs, load average at start ${env.loadAverageAtStart.map((l) => l.toFixed(2)).join(' / ')}; ` +
      `Postgres ${env.postgres}, Redis ${env.redis}. Load generator, workerd and stand-ins share these CPUs.`,
  );
  console.log(`  bundle: ${kib(report.bundle.bytes)} (gzip ${kib(report.bundle.gzipBytes)})`);
  console.log(`  seeded: ${Object.entries(report.seed).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  console.log('');
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log('');
  const m = report.memory;
  console.log(
    `  workerd RSS: ${mib(m.workerdRssBytes.start)} MiB at start, ${mib(m.workerdRssBytes.end)} MiB at end, peak ${mib(m.workerdRssBytes.peak)} MiB; ` +
      `bench process (Node: stand-ins + harness) ${mib(m.benchRssBytes.start)} → ${mib(m.benchRssBytes.end)} MiB`,
  );
  console.log(
    '  DB RT/req: Neon stand-in round trips during the load / requests sent; RT 1 req: round trips of one warm request by its X-Request-ID.',
  );
  console.log(
    '  CPU ms/req: process CPU time during the load / requests sent. "bench" is this Node process: the Neon, Upstash, QStash and IdP\n' +
      '  stand-ins (with in-memory Redis also its Lua emulation), not the load generator, which runs in a child process.',
  );
  console.log(
    '  workerd RSS also grows under load for a hello-world worker served the same way (V8 heap and allocator warming up):\n' +
      '  compare scenarios and runs rather than reading growth within one run as a leak.',
  );
  console.log(`  worker log lines: ${report.workerLogs.lines}${report.workerLogs.errors.length > 0 ? ', errors (first few):' : ', no errors'}`);
  for (const e of report.workerLogs.errors) console.log(`    ${e}`);
  for (const s of report.scenarios) {
    if (s.status === 'measured' && s.probeNote) console.log(`  ${s.name}: probe answered ${s.probeStatus}: ${s.probeNote}`);
  }
}

function codes(statusCodes: Record<string, number>): string {
  const non2xx = Object.entries(statusCodes).filter(([code]) => !code.startsWith('2'));
  return non2xx.length === 0 ? '' : `(${non2xx.map(([code, n]) => `${code}×${n}`).join(' ')})`;
}

export function writeReport(report: BenchReport, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
