// Local stand-in for Cloudflare's cron triggers: reads `[triggers] crons` from wrangler.toml and, at
// each fire time (UTC, as Cloudflare evaluates them), calls the worker's scheduled handler through
// wrangler dev's test endpoint (`wrangler dev --test-scheduled` serves GET /__scheduled?cron=…).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse as parseToml } from 'smol-toml';

const require = createRequire(import.meta.url);
const { CronExpressionParser } = require('cron-parser') as typeof import('cron-parser');

const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout's limit; longer waits re-arm

export type CronDriver = { crons: string[]; stop(): void };
export type CronDriverOptions = {
  wranglerToml: string;
  /** Base URL of `wrangler dev`, e.g. http://127.0.0.1:8787 */
  workerUrl: string;
  log?: (line: string) => void;
};

export function readCrons(wranglerToml: string): string[] {
  const config = parseToml(readFileSync(wranglerToml, 'utf8')) as { triggers?: { crons?: unknown } };
  const crons = config.triggers?.crons;
  return Array.isArray(crons) ? crons.filter((c): c is string => typeof c === 'string') : [];
}

export function nextFireTime(cron: string, after: Date = new Date()): Date {
  return CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: after }).next().toDate();
}

/**
 * Invokes the scheduled handler once for `cron`, with `scheduledTime` the time it was due (as
 * Cloudflare passes it; the jobs use it as their "now"); returns the HTTP status wrangler answered.
 */
export async function triggerCron(workerUrl: string, cron: string, due?: Date): Promise<number> {
  const time = due ? `&time=${due.getTime()}` : '';
  const response = await fetch(`${workerUrl}/__scheduled?cron=${encodeURIComponent(cron)}${time}`);
  await response.arrayBuffer();
  return response.status;
}

export function startCronDriver(options: CronDriverOptions): CronDriver {
  const log = options.log ?? ((line: string) => console.log(line));
  const crons = readCrons(options.wranglerToml);
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  const arm = (cron: string) => {
    if (stopped) return;
    const due = nextFireTime(cron);
    const wait = due.getTime() - Date.now();
    const timer = setTimeout(() => {
      if (Date.now() < due.getTime()) return arm(cron); // a capped wait: not due yet
      triggerCron(options.workerUrl, cron, due)
        .then((status) => log(`[cron] "${cron}" fired at ${due.toISOString()} → scheduled handler answered ${status}`))
        .catch((err: unknown) => log(`[cron] "${cron}" fired at ${due.toISOString()} → worker unreachable: ${String(err)}`))
        .finally(() => arm(cron));
    }, Math.min(Math.max(wait, 0), MAX_TIMER_MS));
    timers.set(cron, timer);
  };
  for (const cron of crons) arm(cron);

  return {
    crons,
    stop: () => {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
    },
  };
}
