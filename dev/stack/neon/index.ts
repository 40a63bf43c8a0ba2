// The Neon stand-in: ONE local endpoint in front of Postgres serving both of Neon's client protocols
// (SQL over HTTP for neon()/drizzle neon-http, WebSocket for Pool/Client) plus round-trip stats.
import { LOOPBACK, listen, readBody, requestUrl, sendJson } from '../http.ts';
import { NEON_ERROR_STATUS, neonErrorBody } from './errors.ts';
import { PoolRegistry } from './pools.ts';
import { executeSql, parseSqlRequest } from './sql.ts';
import { RoundTripStats } from './stats.ts';
import { attachWsProxy } from './ws-proxy.ts';

export type NeonStandIn = {
  /** http://127.0.0.1:PORT */
  url: string;
  /** For neonConfig.fetchEndpoint / the worker's NEON_FETCH_ENDPOINT. */
  fetchEndpoint: string;
  /** host:port for neonConfig.wsProxy (with useSecureWebSocket=false, pipelineTLS=false). */
  wsProxy: string;
  stop(): Promise<void>;
};

export async function startNeonStandIn(options: { port?: number } = {}): Promise<NeonStandIn> {
  const pools = new PoolRegistry();
  const stats = new RoundTripStats();

  const running = await listen('neon', options.port ?? 0, async (req, res) => {
    const url = requestUrl(req);
    if (req.method === 'POST' && url.pathname === '/sql') {
      stats.record(singleHeader(req.headers['x-request-id']));
      const raw = (await readBody(req)).toString('utf8');
      try {
        sendJson(res, 200, await executeSql(pools, parseSqlRequest(req.headers, raw)));
      } catch (err) {
        sendJson(res, NEON_ERROR_STATUS, neonErrorBody(err));
      }
      return;
    }
    if (req.method === 'GET' && url.pathname === '/__stats') {
      sendJson(res, 200, { roundTrips: stats.roundTrips(url.searchParams.get('request_id')) });
      return;
    }
    sendJson(res, 404, { message: `neon stand-in: no route ${req.method} ${url.pathname}` });
  });
  const ws = attachWsProxy(running.server);

  return {
    url: running.url,
    fetchEndpoint: `${running.url}/sql`,
    wsProxy: `${LOOPBACK}:${running.port}`,
    stop: async () => {
      ws.close();
      await running.close();
      await pools.closeAll();
    },
  };
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
