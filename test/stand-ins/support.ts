// Helpers for the stand-in tests (run inside workerd against the stack the global setup started).
import { neon } from '@neondatabase/serverless';
import { inject } from 'vitest';

export const stack = inject('stack');

/** The admin URL pointed at another database. */
export function databaseUrl(database: string): string {
  const url = new URL(stack.adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates a throw-away database `standin_<random>` (never the app schema); returns its URL and a dropper. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `standin_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = neon(stack.adminUrl);
  await admin.query(`CREATE DATABASE ${name}`);
  return {
    url: databaseUrl(name),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
