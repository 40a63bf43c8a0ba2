import { startPostgres } from '../postgres.ts';
import { startNeonStandIn } from '../neon/index.ts';
import { neon, neonConfig, Pool } from '@neondatabase/serverless';
import ws from 'ws';
const p = await startPostgres({ dataDir: '/tmp/posx-pgtry2', port: 54398, removeDataOnStop: true });
const n = await startNeonStandIn();
neonConfig.fetchEndpoint = n.fetchEndpoint;
const sql = neon(p.adminUrl);
try {
  console.log(await sql`select ${'a'}::text as a, 1.5::numeric(18,6) n, now() t, '{"x":"é"}'::jsonb j, array['a','b'] arr, null::int z, 5::int8 i`);
  console.log(await sql.transaction([sql`select 1 as one`, sql`select 2 as two`], { isolationLevel: 'Serializable', readOnly: true }));
  try { await sql`select 'x'::uuid`; } catch (e: any) { console.log('err', e.name, e.code, e.message); }
  try { await sql.query('select 1; select 2'); } catch (e: any) { console.log('err', e.name, e.code, e.message); }
  neonConfig.webSocketConstructor = ws; neonConfig.wsProxy = n.wsProxy; neonConfig.useSecureWebSocket = false; neonConfig.pipelineTLS = false; neonConfig.pipelineConnect = false;
  const pool = new Pool({ connectionString: p.adminUrl });
  const c = await pool.connect(); await c.query('begin'); console.log((await c.query('select 42 as x')).rows); await c.query('commit'); c.release(); await pool.end();
  console.log(await (await fetch(n.url + '/__stats')).json());
} finally { await n.stop(); await p.stop(); }
