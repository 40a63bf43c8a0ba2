import { readCrons, nextFireTime } from '../cron.ts';
for (const c of readCrons('wrangler.toml')) console.log(c, nextFireTime(c).toISOString());
