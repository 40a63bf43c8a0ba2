// Serves the built bundle in workerd through Miniflare's Node API on a loopback port. Miniflare 5
// takes a new option shape; `convertV4MiniflareOptions` accepts the familiar one (modules,
// scriptPath, bindings, …). Request logging in Node is off and the worker's own log lines are
// counted, not printed: thousands of lines per second would measure the terminal.
import path from 'node:path';
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { findChildren } from './process-stats.ts';

export interface ServeOptions {
  scriptPath: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  bindings: Record<string, string>;
  port: number;
}

export interface ServedWorker {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The workerd process serving the bundle (for memory and CPU). */
  workerdPid: number;
  /** Worker log lines so far, and the first few error lines (for the report). */
  logs(): { lines: number; errors: string[] };
  dispose(): Promise<void>;
}

const KEPT_ERRORS = 5;

export async function serveBundle(options: ServeOptions): Promise<ServedWorker> {
  const before = new Set(findChildren(process.pid, 'workerd'));
  let lines = 0;
  const errors: string[] = [];
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      name: 'posx-edge',
      modules: true,
      scriptPath: options.scriptPath,
      // Module names are relative to this root; the default (cwd) cannot reach a bundle in /tmp.
      modulesRoot: path.dirname(options.scriptPath),
      compatibilityDate: options.compatibilityDate,
      compatibilityFlags: options.compatibilityFlags,
      bindings: options.bindings,
      host: '127.0.0.1',
      port: options.port,
      cf: false, // the placeholder Request.cf; the real one would be fetched from the internet
      logRequests: false,
      log: new Log(LogLevel.WARN),
      handleStructuredLogs: ({ level, message }) => {
        lines++;
        if ((level === 'error' || /"level":"error"/.test(message)) && errors.length < KEPT_ERRORS) errors.push(message.slice(0, 500));
      },
    }),
  );
  try {
    const ready = await mf.ready;
    const started = findChildren(process.pid, 'workerd').filter((pid) => !before.has(pid));
    if (started.length !== 1) throw new Error(`expected one new workerd child process, found ${started.length}`);
    return {
      url: ready.origin,
      workerdPid: started[0]!,
      logs: () => ({ lines, errors: [...errors] }),
      dispose: () => mf.dispose(),
    };
  } catch (err) {
    await mf.dispose().catch(() => {});
    throw err;
  }
}
