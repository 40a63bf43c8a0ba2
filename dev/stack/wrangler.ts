// Runs `wrangler dev` as a child in its OWN process group, because SIGTERM to wrangler alone
// orphans workerd; stopping signals the whole group, so no workerd outlives `npm run dev`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from './postgres.ts';

export type WranglerDev = {
  url: string;
  /** Resolves with wrangler's exit code when it ends (for whatever reason). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
  /** Synchronous last resort for process 'exit' handlers: SIGKILL the whole group. */
  killNow(): void;
};

export type WranglerDevOptions = {
  port: number;
  vars: Record<string, string>;
  /** Extra wrangler dev flags. */
  args?: string[];
  log?: (line: string) => void;
};

const STOP_GRACE_MS = 5_000;

export function startWranglerDev(options: WranglerDevOptions): WranglerDev {
  const log = options.log ?? ((line: string) => console.log(line));
  const args = [
    path.join(REPO_ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js'),
    'dev', '--ip', '127.0.0.1', '--port', String(options.port),
    // Exposes GET /__scheduled?cron=… so the local cron driver can run the scheduled handler.
    '--test-scheduled',
    ...Object.entries(options.vars).flatMap(([key, value]) => ['--var', `${key}:${value}`]),
    ...(options.args ?? []),
  ];
  // process.execPath: the Node 22 running this script (a bare `node` on PATH may be the machine's 20).
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    detached: true, // new process group (and session): not hit by the terminal's Ctrl-C, killed as a group by us
    // No stdin: a background process group reading the terminal would be stopped (SIGTTIN).
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => log(`[wrangler] ${line}`));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone
    }
  };

  return {
    url: `http://127.0.0.1:${options.port}`,
    exited,
    stop: async () => {
      signalGroup('SIGTERM');
      await Promise.race([exited, sleep(STOP_GRACE_MS)]);
      // workerd may linger after wrangler itself exited; anything left in the group goes now.
      signalGroup('SIGKILL');
    },
    killNow: () => signalGroup('SIGKILL'),
  };
}

/** Polls `url` until it answers 200 (true) or `timeoutMs` passes / `gaveUp` resolves (false). */
export async function waitForOk(url: string, timeoutMs: number, gaveUp?: Promise<unknown>): Promise<boolean> {
  let stop = false;
  void gaveUp?.then(() => (stop = true));
  const deadline = Date.now() + timeoutMs;
  while (!stop && Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return false;
}
