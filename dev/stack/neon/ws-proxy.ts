// Neon's WebSocket protocol locally: the driver opens ws://PROXY?address=host:port and speaks the
// Postgres wire protocol inside binary frames; we pipe those to a TCP socket. Loopback targets only,
// so the stand-in can never be used to reach other hosts.
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

// In vitest's globalSetup `import 'ws'` can resolve to the browser stub; require gets the Node build.
const require = createRequire(import.meta.url);
const { WebSocketServer } = require('ws') as typeof import('ws');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export type WsProxy = { connections(): number; close(): void };

export function attachWsProxy(server: Server): WsProxy {
  const wss = new WebSocketServer({ noServer: true });
  let opened = 0;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = parseTarget(req);
    if (!target) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n?address=host:port must name a loopback host\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      opened++;
      pipe(ws, target.host, target.port);
    });
  });

  return {
    connections: () => opened,
    close: () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

function parseTarget(req: IncomingMessage): { host: string; port: number } | undefined {
  const address = new URL(req.url ?? '/', 'http://proxy').searchParams.get('address');
  const match = address?.match(/^(.+):(\d+)$/);
  if (!match) return undefined;
  const host = match[1]!;
  const port = Number(match[2]);
  const loopback = LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
  return loopback && port > 0 && port < 65536 ? { host: host.replace(/^\[|\]$/g, ''), port } : undefined;
}

function pipe(ws: WebSocket, host: string, port: number): void {
  const tcp = connect({ host, port });
  tcp.setNoDelay(true);
  const pending: Buffer[] = []; // frames that arrive before the TCP connection is up

  tcp.on('connect', () => {
    for (const chunk of pending) tcp.write(chunk);
    pending.length = 0;
  });
  tcp.on('data', (chunk) => ws.send(chunk, { binary: true }));
  // Postgres closed the session (normally after the driver's Terminate; the driver itself never closes
  // the WebSocket). Drop the WebSocket without a close frame: measured in workerd, a close frame here
  // surfaces as "Network connection lost" on the pool's idle client after pool.end(); a plain drop
  // is reported as an ordinary close.
  tcp.on('close', () => ws.terminate());
  tcp.on('error', () => ws.terminate());

  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (tcp.connecting) pending.push(chunk);
    else tcp.write(chunk);
  });
  ws.on('close', () => tcp.end());
  ws.on('error', () => tcp.destroy());
}
