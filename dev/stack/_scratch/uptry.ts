import { startUpstashStandIn } from '../upstash/index.ts';
import { Redis } from '@upstash/redis';
import { Ratelimit } from '@upstash/ratelimit';
for (const redisUrl of [undefined, 'redis://127.0.0.1:6379/15']) {
  const u = await startUpstashStandIn({ redisUrl });
  const redis = new Redis({ url: u.url, token: u.token });
  const t = async (label: string, f: () => Promise<unknown>) => { try { console.log(u.backend, label, JSON.stringify(await f())); } catch (e: any) { console.log(u.backend, label, 'THROW', e.message); } };
  await t('set', () => redis.set('k', { a: 'é', n: 1 }));
  await t('get', () => redis.get('k'));
  await t('incr', () => redis.incr('cnt'));
  await t('hset', () => redis.hset('h', { a: 1, b: 'x' }));
  await t('hgetall', () => redis.hgetall('h'));
  await t('pipeline', () => redis.pipeline().set('p', '1').incr('p').get('p').exec());
  await t('multi', () => redis.multi().set('m', 'v').get('m').exec());
  await t('bad', () => redis.incr('k'));
  await t('bin', async () => { await redis.set('b', '\u0000\u00ff☃'); return redis.get('b'); });
  const bad = new Redis({ url: u.url, token: 'nope' });
  await t('401', () => bad.get('k'));
  for (const [name, limiter] of [['fixed', Ratelimit.fixedWindow(3, '10 s')], ['sliding', Ratelimit.slidingWindow(3, '10 s')], ['token', Ratelimit.tokenBucket(1, '10 s', 3)]] as const) {
    const rl = new Ratelimit({ redis, limiter, prefix: 'rl' + Math.random() });
    await t(name, async () => { const r = []; for (let i = 0; i < 4; i++) r.push((await rl.limit('id')).success); return r; });
  }
  await u.stop();
}
