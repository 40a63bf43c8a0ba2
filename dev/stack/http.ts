// Small node:http helpers shared by the stand-ins (each stand-in is its own server on its own port).
import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Parses a JSON body; on bad JSON answers 400 and returns undefined. */
export async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const raw = (await readBody(req)).toString('utf8');
  try {
    return raw === '' ? {} : JSON.parse(raw);
  } catch {
    sendJson(res, 400, { error: 'request body is not valid JSON' });
    return undefined;
  }
}

/** The request's path and query, whatever Host header the client sent. */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://stand-in');
}

export type RunningServer = { server: Server; port: number; url: string; close(): Promise<void> };

/**
 * Starts `handler` on 127.0.0.1:`port` (0 = ephemeral). Handler errors become a 500 with the
 * message so a stand-in bug shows up in the test output instead of hanging the client.
 */
export async function listen(
  name: string,
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void,
): Promise<RunningServer> {
  const listener: RequestListener = (req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        console.error(`[${name}] ${req.method} ${req.url}:`, err);
        if (!res.headersSent) sendJson(res, 500, { error: `${name} stand-in: ${String(err)}` });
        else res.destroy();
      });
  };
  const server = createServer(listener);
  // workerd reuses keep-alive connections; Node's default 5 s idle timeout races with that reuse and
  // surfaces as "Network connection lost" in the worker. Never time out idle sockets: stop() closes them.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`${name}: port ${port} is already in use`) : err),
    );
    server.listen(port, LOOPBACK, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://${LOOPBACK}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A free TCP port on loopback (for programs that cannot listen on port 0 themselves, e.g. postgres). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, LOOPBACK, () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
