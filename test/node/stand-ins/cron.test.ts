// The local cron driver: schedules from wrangler.toml, UTC fire times, and the call it makes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { nextFireTime, readCrons, startCronDriver, triggerCron } from '../../../dev/stack/cron.ts';

afterEach(() => {
  vi.useRealTimers();
});

it('reads [triggers] crons from wrangler.toml', () => {
  expect(readCrons(path.resolve('wrangler.toml')).length).toBeGreaterThan(0);
  const dir = mkdtempSync(path.join(tmpdir(), 'standin-cron-'));
  writeFileSync(path.join(dir, 'none.toml'), 'name = "x"\n');
  expect(readCrons(path.join(dir, 'none.toml'))).toEqual([]);
});

it('computes fire times in UTC', () => {
  const after = new Date('2026-03-29T00:30:00Z'); // a DST switch in Europe: irrelevant in UTC
  expect(nextFireTime('0 2 * * *', after).toISOString()).toBe('2026-03-29T02:00:00.000Z');
  expect(nextFireTime('*/5 * * * *', new Date('2026-01-01T10:03:10Z')).toISOString()).toBe('2026-01-01T10:05:00.000Z');
});

it("calls wrangler dev's /__scheduled with the url-encoded cron and the due time at each fire time", async () => {
  const seen: string[] = [];
  const worker = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => worker.listen(0, '127.0.0.1', () => resolve()));
  const workerUrl = `http://127.0.0.1:${(worker.address() as AddressInfo).port}`;
  try {
    expect(await triggerCron(workerUrl, '*/5 * * * *')).toBe(200);
    expect(seen).toEqual(['/__scheduled?cron=*%2F5%20*%20*%20*%20*']);

    const dir = mkdtempSync(path.join(tmpdir(), 'standin-cron-'));
    const toml = path.join(dir, 'wrangler.toml');
    writeFileSync(toml, '[triggers]\ncrons = ["* * * * *"]\n');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-01-01T10:00:59.500Z'));
    const lines: string[] = [];
    const driver = startCronDriver({ wranglerToml: toml, workerUrl, log: (l) => lines.push(l) });
    await vi.advanceTimersByTimeAsync(600);
    vi.useRealTimers();
    await vi.waitFor(() => expect(lines).toHaveLength(1));
    driver.stop();
    expect(lines[0]).toContain('"* * * * *" fired at 2026-01-01T10:01:00.000Z');
    // scheduledTime is the time it was due, as on Cloudflare (not when the timer happened to wake).
    expect(seen.at(-1)).toBe(`/__scheduled?cron=*%20*%20*%20*%20*&time=${Date.parse('2026-01-01T10:01:00.000Z')}`);
  } finally {
    worker.close();
  }
});
