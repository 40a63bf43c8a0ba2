import { startQStashStandIn } from '../qstash/index.ts';
import { Client, Receiver } from '@upstash/qstash';
const q = await startQStashStandIn({ retryBaseMs: 20 });
const client = new Client({ baseUrl: q.url, token: q.token });
const r = await client.publishJSON({ url: `${q.url}/__sink/a?fail=2`, body: { hello: 'wörld' }, headers: { 'X-Custom': 'yes' }, retries: 3 });
console.log(r);
const d1 = await client.publishJSON({ url: `${q.url}/__sink/d`, body: { n: 1 }, deduplicationId: 'dd' });
const d2 = await client.publishJSON({ url: `${q.url}/__sink/d`, body: { n: 1 }, deduplicationId: 'dd' });
console.log(d1, d2);
await new Promise((r) => setTimeout(r, 300));
const log = await (await fetch(`${q.url}/__deliveries?messageId=${r.messageId}`)).json();
console.log(JSON.stringify(log));
const sink = (await (await fetch(`${q.url}/__sink/a`)).json()) as any;
const last = sink.requests.at(-1);
console.log(last.headers, last.body, last.url);
const rec = new Receiver({ currentSigningKey: q.currentSigningKey, nextSigningKey: q.nextSigningKey });
console.log('verify', await rec.verify({ signature: last.headers['upstash-signature'], body: last.body, url: last.url }));
const rec2 = new Receiver({ currentSigningKey: q.nextSigningKey, nextSigningKey: q.currentSigningKey });
console.log('verify swapped', await rec2.verify({ signature: last.headers['upstash-signature'], body: last.body, url: last.url }));
try { await rec.verify({ signature: last.headers['upstash-signature'], body: last.body + ' ', url: last.url }); } catch (e: any) { console.log('tamper', e.message); }
console.log('dsink', ((await (await fetch(`${q.url}/__sink/d`)).json()) as any).requests.length);
try { await new Client({ baseUrl: q.url, token: 'bad' }).publishJSON({ url: 'http://x', body: {} }); } catch (e: any) { console.log('401', e.message); }
const b = await client.batchJSON([{ url: `${q.url}/__sink/b`, body: { i: 1 } }, { url: `${q.url}/__sink/b`, body: { i: 2 } }]);
console.log(b);
await new Promise((r) => setTimeout(r, 100));
console.log('bsink', ((await (await fetch(`${q.url}/__sink/b`)).json()) as any).requests.map((x: any) => x.body));
await q.stop();
