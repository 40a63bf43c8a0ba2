import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const RedisMock = require('ioredis-mock');
const Redis = require('ioredis');
for (const r of [new RedisMock(), new Redis('redis://127.0.0.1:6379/15')]) {
  const name = r.constructor.name;
  const t = async (label: string, f: () => Promise<unknown>) => { try { console.log(name, label, JSON.stringify(await f(), (k, v) => v instanceof Error ? 'ERR:' + v.message : v)); } catch (e: any) { console.log(name, label, 'THROW', e.message); } };
  await t('set', () => r.call('SET', 'k', 'v'));
  await t('get', () => r.call('GET', 'k'));
  await t('getbuf', async () => String(await r.callBuffer('GET', 'k')));
  await t('setbuf', async () => String(await r.callBuffer('SET', 'k', 'v')));
  await t('hgetall', () => r.call('HGETALL', 'nokey'));
  await t('bad', () => r.call('INCR', 'k'));
  await t('unknown', () => r.call('FOO', 'k'));
  await t('multiapi', () => r.multi([['call', 'SET', 'a', '1'], ['call', 'INCR', 'a'], ['call', 'INCR', 'k']]).exec());
  await t('multi raw', async () => { await r.call('MULTI'); await r.call('SET', 'b', '1'); return r.call('EXEC'); });
  await t('eval', () => r.call('EVAL', 'return {KEYS[1], ARGV[1], 3}', '1', 'x', 'y'));
  await t('evalsha', () => r.call('EVALSHA', 'abc', '0'));
  await t('scriptload', () => r.call('SCRIPT', 'LOAD', 'return 1'));
  await t('zadd', () => r.call('ZADD', 'z', '1', 'a'));
  await t('zrange', () => r.call('ZRANGE', 'z', '0', '-1', 'WITHSCORES'));
  r.disconnect();
}
