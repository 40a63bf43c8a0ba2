// npm run db:migrate — applies drizzle/ migrations to DATABASE_URL (the table owner's URL, e.g.
// posx_owner locally or the Neon owner), printing each applied migration.
import { migrate } from '../migrate.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required: the URL of the login that owns the tables (not the runtime login)');
  process.exit(2);
}
try {
  const { applied } = await migrate(url);
  console.log(`done: ${applied.length} migration(s) applied`);
} catch (error) {
  console.error('migration failed:', error);
  process.exit(1);
}
