// npm run db:adopt [-- --dry-run] — brings the existing POSX (Django-made) database at
// DATABASE_URL under POSX Edge without touching its data (see dev/db/adopt.ts). Run it as the login
// that owns the Django tables. Exit code 1 when a blocking difference stopped it.
import { adoptDatabase } from '../adopt.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required: the URL of the login that owns the existing tables');
  process.exit(2);
}
try {
  const report = await adoptDatabase(url, { dryRun: process.argv.includes('--dry-run') });
  if (report.blocked) process.exit(1);
} catch (error) {
  console.error('adoption failed:', error);
  process.exit(1);
}
