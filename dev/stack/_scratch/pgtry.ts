import { startPostgres } from '../postgres.ts';
import pg from 'pg';
const t0 = Date.now();
const p = await startPostgres({ dataDir: '/tmp/posx-pgtry', port: 54399, removeDataOnStop: true });
console.log('started', Date.now() - t0, p.adminUrl);
const c = new pg.Client(p.adminUrl); await c.connect(); console.log((await c.query('select version()')).rows[0]); await c.end();
const t1 = Date.now(); await p.stop(); console.log('stopped', Date.now() - t1);
