// npm run db:seed — loads the demo data into DATABASE_URL (the table owner's URL), idempotently.
// Never run implicitly against a database you were given: only when asked.
import { seedDemo } from '../seed.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required: the URL of the login that owns the tables (not the runtime login)');
  process.exit(2);
}
try {
  const { inserted } = await seedDemo(url);
  const total = Object.values(inserted).reduce((s, n) => s + n, 0);
  for (const [table, n] of Object.entries(inserted)) if (n > 0) console.log(`seeded ${table}: ${n} row(s)`);
  console.log(total === 0 ? 'seed: already present, nothing inserted' : `seed: ${total} row(s) inserted`);
} catch (error) {
  console.error('seed failed:', error);
  process.exit(1);
}
