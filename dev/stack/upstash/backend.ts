// Where the Upstash stand-in keeps data: the real Redis at REDIS_URL (ioredis), or an in-memory
// ioredis-mock when no Redis is around. Both are driven with raw command arrays, as Upstash receives them.
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

const require = createRequire(import.meta.url);

export type Reply = null | number | string | Buffer | Reply[];
/** One entry of a MULTI/EXEC reply: the command's reply or its error. */
export type ExecEntry = { result: Reply } | { error: string };

export interface RedisBackend {
  readonly kind: 'redis' | 'memory';
  /** Runs one command; rejects with the Redis error. */
  call(command: string[]): Promise<Reply>;
  /** Runs the commands atomically (MULTI/EXEC); rejects if the transaction is aborted. */
  multi(commands: string[][]): Promise<ExecEntry[]>;
  close(): Promise<void>;
}

export function ioredisBackend(redisUrl: string): RedisBackend {
  const IORedis = require('ioredis') as typeof import('ioredis').default;
  // Fail fast (no endless reconnect) so a wrong REDIS_URL shows up as an error, not a hang.
  const redis: Redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
  redis.on('error', (err) => console.error('[upstash stand-in] redis:', err.message));
  return {
    kind: 'redis',
    // Upper-case name through callBuffer: no ioredis reply transformers (HGETALL stays a flat
    // array) and bulk strings come back as exact bytes for the base64 encoding.
    call: ([name, ...args]) => redis.callBuffer(name!.toUpperCase(), ...args) as Promise<Reply>,
    multi: async (commands) => {
      // ioredis writes MULTI…EXEC as one contiguous block, so concurrent requests cannot interleave.
      const replies = await redis.multi(commands.map(([name, ...args]) => ['callBuffer', name!.toUpperCase(), ...args])).exec();
      return (replies ?? []).map(([err, result]) => (err ? { error: err.message } : { result: result as Reply }));
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

type MockClient = Record<string, (...args: string[]) => Promise<unknown>> & {
  multi(commands: string[][]): { exec(): Promise<[Error | null, unknown][]> };
  disconnect(): void;
};

export function memoryBackend(): RedisBackend {
  const RedisMock = require('ioredis-mock') as new () => MockClient;
  const mock = new RedisMock();
  // Redis runs one command (or script) at a time; ioredis-mock's methods are async and could
  // interleave (a read-then-write like the purge below must not). A queue gives Redis's atomicity.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  const known = (name: string) => typeof mock[name.toLowerCase()] === 'function' && !['multi', 'exec'].includes(name.toLowerCase());
  const runOne = async ([name, ...args]: string[]): Promise<Reply> => {
    const method = name!.toLowerCase();
    // ioredis-mock keeps an expired key until it is read, and a SET … EX onto such a key is lost
    // (the next GET answers null). Reading the key first purges it, as Redis would have.
    if (method === 'set' && args[0] !== undefined) await mock.exists!(args[0]);
    return toRawReply(method, await mock[method]!(...mockArgs(method, args)));
  };
  return {
    kind: 'memory',
    call: (command) => serial(async () => {
      if (!known(command[0]!)) throw new Error(`ERR unknown command '${command[0]}'`);
      return runOne(command);
    }),
    // As Redis's MULTI/EXEC: an unknown command aborts the whole transaction before anything runs
    // (EXECABORT); a command that fails while running answers its own error and the others still apply.
    // Commands run one after another inside `serial`, so nothing interleaves with them.
    multi: (commands) => serial(async () => {
      const unknown = commands.find(([name]) => !known(name!));
      if (unknown) throw new Error(`EXECABORT Transaction discarded because of previous errors: ERR unknown command '${unknown[0]}'`);
      const entries: Array<{ result: Reply } | { error: string }> = [];
      for (const command of commands) {
        try {
          entries.push({ result: await runOne(command) });
        } catch (err) {
          entries.push({ error: err instanceof Error ? err.message : String(err) });
        }
      }
      return entries;
    }),
    close: async () => mock.disconnect(),
  };
}

/**
 * ioredis-mock only recognises upper-case option keywords (`SET k v EX 60`), while @upstash/redis
 * sends them lower-case (`set k v ex 60`); Redis accepts both. Upper-case the option positions only.
 */
const OPTION_KEYWORDS = new Set(['EX', 'PX', 'EXAT', 'PXAT', 'NX', 'XX', 'GT', 'LT', 'GET', 'KEEPTTL']);
const OPTIONS_FROM: Record<string, number> = { set: 2, expire: 2, pexpire: 2, expireat: 2, pexpireat: 2 };

function mockArgs(method: string, args: string[]): string[] {
  const from = OPTIONS_FROM[method];
  if (from === undefined) return args;
  return args.map((arg, i) => (i >= from && OPTION_KEYWORDS.has(arg.toUpperCase()) ? arg.toUpperCase() : arg));
}

/** ioredis-mock applies ioredis' reply transformers; undo them to get what Redis actually sent. */
function toRawReply(method: string, value: unknown): Reply {
  if ((method === 'hgetall' || method === 'config') && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, string>).flat();
  }
  return value as Reply;
}
