// Runs one bounded autocannon load in a child process (see load-child.ts) and returns its summary.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LoadRequest {
  url: string;
  method: 'GET' | 'PATCH' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  /** Responses received (any status). */
  requests: number;
  /** Requests sent: also those still in flight when the load stopped (they reach the database too). */
  sent: number;
  durationSeconds: number;
  /** Mean of the per-second samples. */
  requestsPerSecond: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  /** Connection errors and timeouts (no response at all). */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-child.ts');

/** The running load child, so an interrupted benchmark can end it. */
let current: ReturnType<typeof spawn> | undefined;

export function runLoad(request: LoadRequest): Promise<LoadResult> {
  const url = new URL(request.url);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    return Promise.reject(new Error(`refusing to load anything but loopback: ${request.url}`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      current = undefined;
      if (code !== 0) return reject(new Error(`load generator exited with ${code ?? signal}: ${err.trim().slice(-2000)}`));
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch {
        reject(new Error(`load generator printed no result: ${out.slice(0, 500)} ${err.slice(-1000)}`));
      }
    });
  });
}

/** Ends a load still running (interrupts only). */
export function stopLoad(): void {
  current?.kill('SIGTERM');
}
